// Cold start: a fresh node process that imports one client package, constructs its SecretClient and makes
// its first getSecret over HTTPS (challenge, token, TLS handshake included) against the canned server, then
// exits. Timed from the parent around the whole process, and inside the child as performance.now() at the
// end (node's start-up included). Packages alternate run by run; the figures are medians.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median } from "./report.mjs";
import { startServer } from "./processes.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const TOKEN = "bench-token";

/** The packages compared (resolved from the repository root; ours by self-reference). */
export const COLD_START_SUBJECTS = {
  ours: "keyvault-secrets-client",
  official: "@azure/keyvault-secrets",
};

function childScript(specifier, format) {
  const load =
    format === "cjs"
      ? `const { SecretClient } = require(${JSON.stringify(specifier)});`
      : `const { SecretClient } = await import(${JSON.stringify(specifier)});`;
  const body = [
    load,
    `const credential = { getToken: async () => ({ token: ${JSON.stringify(TOKEN)}, expiresOnTimestamp: Date.now() + 3600000 }) };`,
    // Both clients get the same options: the bench CA, and no challenge-resource check (the canned
    // server names its own origin as the resource).
    `const client = new SecretClient(process.env.VAULT_URL, credential, { tlsOptions: { ca: process.env.BENCH_CA }, disableChallengeResourceVerification: true });`,
    `const secret = await client.getSecret("bench-secret-0");`,
    `if (!secret.value) throw new Error("no value");`,
    // The child's own CPU time (user + system, all threads): less swayed than wall time when other
    // processes share the machine.
    `const cpu = process.cpuUsage();`,
    `process.stdout.write(JSON.stringify({ inChildMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 }));`,
  ].join("\n");
  return format === "cjs"
    ? `(async () => {\n${body}\n})().catch((e) => { console.error(e); process.exit(1); });`
    : body;
}

function startOnce(specifier, format, env) {
  const args =
    format === "cjs"
      ? ["-e", childScript(specifier, format)]
      : ["--input-type=module", "-e", childScript(specifier, format)];
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 30_000, env });
  const processMs = performance.now() - start;
  if (child.status !== 0) {
    throw new Error(`Cold start of ${specifier} (${format}) failed: ${child.stderr || child.error}`);
  }
  const { inChildMs, cpuMs } = JSON.parse(child.stdout);
  return { processMs, inChildMs, cpuMs };
}

/** Writes a fresh CA and server certificate (the emulator's own generator, from dist) into a temp folder. */
function writeTlsMaterial(dir) {
  const { createTlsMaterial } = createRequire(import.meta.url)(
    join(repoRoot, "dist/cjs/emulator/identity/certificates.js"),
  );
  const { ca, server } = createTlsMaterial(undefined, ["127.0.0.1", "localhost"]);
  writeFileSync(join(dir, "server.pem"), server.certificate);
  writeFileSync(join(dir, "server-key.pem"), server.privateKey);
  return ca.certificate;
}

/** Medians over `runs` alternating runs, per package and module format. */
export async function measureColdStarts(runs) {
  const dir = mkdtempSync(join(tmpdir(), "kvsc-cold-start-"));
  const caPem = writeTlsMaterial(dir);
  const { child: server, variables } = await startServer(
    [fileURLToPath(new URL("./cannedServer.mjs", import.meta.url)), "--list-size", "10", "--tls-dir", dir],
    "CANNED_URI",
  );
  try {
    const env = { ...process.env, VAULT_URL: variables.CANNED_URI, BENCH_CA: caPem };
    const samples = {};
    for (let run = 0; run < runs; run++) {
      for (const format of ["cjs", "esm"]) {
        for (const [name, specifier] of Object.entries(COLD_START_SUBJECTS)) {
          (samples[`${name}/${format}`] ??= []).push(startOnce(specifier, format, env));
        }
      }
    }
    return Object.fromEntries(
      Object.entries(samples).map(([key, list]) => [
        key,
        {
          processMs: median(list.map((s) => s.processMs)),
          inChildMs: median(list.map((s) => s.inChildMs)),
          cpuMs: median(list.map((s) => s.cpuMs)),
          runs: list.length,
        },
      ]),
    );
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `node bench/client/coldStart.mjs [runs]` on its own (build first).
  const { stopAll } = await import("./processes.mjs");
  try {
    const load = () =>
      loadavg()
        .map((value) => value.toFixed(2))
        .join(" ");
    const loadAtStart = load();
    const results = await measureColdStarts(Number(process.argv[2] ?? 5));
    console.log(results);
    for (const format of ["cjs", "esm"]) {
      const [ours, official] = [results[`ours/${format}`], results[`official/${format}`]];
      const ratio = (key) => (ours[key] / official[key]).toFixed(3);
      console.log(`${format}: ours/official process ${ratio("processMs")}, child CPU ${ratio("cpuMs")}`);
    }
    console.log(`load average (1/5/15 min) ${loadAtStart} at start, ${load()} at end`);
  } finally {
    stopAll();
  }
}
