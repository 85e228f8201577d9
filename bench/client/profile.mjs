// Where does a getSecret spend its CPU? Starts the canned server, runs a getSecret loop (concurrency 1) for one
// contender under `node --cpu-prof`, and prints self time by package and the hottest functions.
//
//   node bench/client/profile.mjs [ours|official|corePipeline|rawHttp] [--ops 20000] [--keep]
// (build first: npm run build). --keep leaves the .cpuprofile in temp/ for Chrome DevTools.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ops: { type: "string", default: "20000" },
    "max-ms": { type: "string", default: "20000" },
    loop: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

if (args.loop) {
  // Child: the profiled loop. args.loop is the vault URL.
  const { createContender } = await import("./contenders.mjs");
  const client = await createContender(positionals[0], { vaultUrl: args.loop, token: "bench-token" });
  const ops = Number(args.ops);
  const deadline = performance.now() + Number(args["max-ms"]);
  for (let i = 0; i < 200; i++) await client.getSecret("bench-secret-0");
  let done = 0;
  const start = performance.now();
  while (done < ops && performance.now() < deadline) {
    await client.getSecret("bench-secret-0");
    done++;
  }
  process.stdout.write(`${done} getSecret in ${(performance.now() - start).toFixed(0)} ms\n`);
} else {
  const { startCannedTarget } = await import("./targets.mjs");
  const { stopAll } = await import("./processes.mjs");
  const contender = positionals[0] ?? "ours";
  const dir = fileURLToPath(new URL(`../../temp/cpu-profile-${contender}`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const { vaultUrl } = await startCannedTarget(100);
    const child = spawnSync(
      process.execPath,
      [
        "--cpu-prof",
        `--cpu-prof-dir=${dir}`,
        fileURLToPath(import.meta.url),
        contender,
        "--loop",
        vaultUrl,
        "--ops",
        args.ops,
        "--max-ms",
        args["max-ms"],
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    if (child.status !== 0) throw new Error(`profiled loop failed: ${child.stderr}`);
    process.stdout.write(`${contender}: ${child.stdout}`);
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    summarize(JSON.parse(readFileSync(join(dir, file), "utf8")));
    if (args.keep) process.stdout.write(`profile kept in ${join(dir, file)}\n`);
    else rmSync(dir, { recursive: true, force: true });
  } finally {
    stopAll();
  }
}

/** The package (or "ours: <file>", "node: internal", "(gc)") a profile node's code belongs to. */
function owner(callFrame) {
  const url = callFrame.url;
  if (!url) return callFrame.functionName.startsWith("(") ? callFrame.functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return modules[1];
  const dist = /\/dist\/(?:esm|cjs)\/(.*)$/.exec(url);
  if (dist) return `ours: ${dist[1]}`;
  return url.replace(/^.*\/bench\//, "bench/");
}

function summarize(profile) {
  const total = profile.endTime - profile.startTime;
  const intervals = profile.timeDeltas.reduce((a, b) => a + b, 0) / profile.timeDeltas.length;
  const selfByPackage = new Map();
  const selfByFunction = new Map();
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    const micros = node.hitCount * intervals;
    const pkg = owner(node.callFrame);
    if (pkg === "(idle)" || pkg === "(program)") continue;
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + micros);
    const fn = `${node.callFrame.functionName || "(anonymous)"}  ${pkg}:${node.callFrame.lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros);
  }
  const busy = [...selfByPackage.values()].reduce((a, b) => a + b, 0);
  const print = (title, map, limit) => {
    process.stdout.write(`${title}\n`);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      process.stdout.write(`  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}\n`);
    }
  };
  process.stdout.write(
    `profile: ${(total / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms (excl. idle/program)\n`,
  );
  print("self time by package:", selfByPackage, 20);
  print("hottest functions (self):", selfByFunction, Number(process.env.PROFILE_TOP ?? 30));
}
