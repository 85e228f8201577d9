// The CLI as scripts and CI use it: --version, --env-out, --seed, a reader that goes away (EPIPE), signals
// and process exit cleaning up temporary files (in-process emulators too), errors that name what is wrong,
// and the background recipe of docs/emulator.md stopping cleanly.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorCliPath,
  parseEnvLines,
  runNode,
  runProcess,
  startCliEmulator,
} from "../helpers/emulatorProcess.js";
import { bundleSource } from "../helpers/sourceBundle.js";

const root = join(__dirname, "..", "..");
const noCorporateBundle = { NODE_EXTRA_CA_CERTS: "" };
const cli = (args: string[]) => runNode([emulatorCliPath(), ...args], noCorporateBundle, 30_000);

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

async function getJson(env: Record<string, string>, path: string, token?: string) {
  // The emulator's CA is trusted through a child-free route: Node's fetch cannot take a CA, so use https.
  const https = await import("node:https");
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    https
      .get(
        `${env["KEYVAULT_URI"]}${path}`,
        {
          ca: readFileSync(env["NODE_EXTRA_CA_CERTS"]!, "utf8"),
          headers: token ? { authorization: `Bearer ${token}` } : {},
        },
        (response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
          response.on("end", () => resolve({ status: response.statusCode!, body }));
        },
      )
      .on("error", reject);
  });
}

describe("keyvault-emulator as scripts use it", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "kv-cli-hygiene-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("prints the package version with --version", async () => {
    const result = await cli(["--version"]);
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("writes --env-out with exactly the stdout lines, which sh can source", async () => {
    const envFile = join(directory, "emulator.env");
    const emulator = await startCliEmulator(["--port", "0", "--env-out", envFile], 30_000, noCorporateBundle);
    try {
      expect(readFileSync(envFile, "utf8")).toBe(emulator.output().stdout);
      const sourced = await runProcess(
        "sh",
        ["-c", `set -a; . "${envFile}"; set +a; echo "$KEYVAULT_URI|$IDENTITY_HEADER"`],
        {},
      );
      expect(sourced.stdout.trim()).toBe(
        `${emulator.env["KEYVAULT_URI"]}|${emulator.env["IDENTITY_HEADER"]}`,
      );
    } finally {
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
    }
  });

  it("keeps serving quietly when the stdout reader is gone (EPIPE), and cleans up on SIGINT", async () => {
    const envFile = join(directory, "epipe.env");
    const child = spawn(process.execPath, [emulatorCliPath(), "--port", "0", "--env-out", envFile], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...noCorporateBundle },
    });
    child.stdout.destroy(); // the reader goes away before anything is written, like `| head -0`
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
    );
    try {
      await waitFor(() => stderr.includes("Stop with Ctrl+C"), "the banner");
      const env = parseEnvLines(readFileSync(envFile, "utf8"));
      expect((await getJson(env, "/health")).status).toBe(200);
      expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
      const caDirectory = dirname(env["NODE_EXTRA_CA_CERTS"]!);
      expect(existsSync(caDirectory)).toBe(true);
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(existsSync(caDirectory)).toBe(false);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it.each([
    ["exits without stop()", "process.exit(0)", 0],
    ["gets SIGTERM", "process.kill(process.pid, 'SIGTERM')", "SIGTERM"],
  ])("removes an in-process emulator's temporary CA folder when the process %s", async (_, end, outcome) => {
    const emulatorModule = bundleSource("src/emulator/index.ts");
    const script = `
      const { startEmulator } = require(${JSON.stringify(emulatorModule)});
      startEmulator().then((emulator) => {
        console.log(emulator.caCertificatePath);
        setInterval(() => {}, 1000);
        ${end};
      });`;
    const result = await runNode(["-e", script], noCorporateBundle);
    expect(result.code).toBe(outcome);
    const caPath = result.stdout.trim();
    expect(caPath).toMatch(/keyvault-emulator-.*ca\.pem$/);
    expect(existsSync(dirname(caPath))).toBe(false);
  });

  it.each([
    [
      ["--data", "/nonexistent-dir/x.json"],
      "The emulator data file /nonexistent-dir/x.json cannot be loaded: its directory /nonexistent-dir does not exist",
    ],
    [["--identity-port", "99999"], "--identity-port needs a whole number"],
    [["--identity-header", "short"], "identityHeader must be 8-256 visible ASCII characters"],
    [["--cors", "not a url"], 'cors origin "not a url" is not "*" or an origin'],
  ])("refuses %j with exit code 2 naming what is wrong", async (args, message) => {
    const result = await cli(["--port", "0", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });

  it("refuses a faults file with a misspelt operation or an unknown key, naming it", async () => {
    const misspelt = join(directory, "misspelt.json");
    writeFileSync(misspelt, JSON.stringify([{ kind: "status", status: 503, operation: "getSecrte" }]));
    const unknownKey = join(directory, "unknown-key.json");
    writeFileSync(unknownKey, JSON.stringify([{ kind: "reset", secret: "x" }]));
    const first = await cli(["--port", "0", "--faults", misspelt]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('Fault rule #1: Fault rule "operation" names no operation: "getSecrte"');
    const second = await cli(["--port", "0", "--faults", unknownKey]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('Fault rule #1: Fault rule has an unknown key "secret"');
  });

  it("loads --seed from JSON and from .env lines, and leaves names the data file already holds", async () => {
    const json = join(directory, "seed.json");
    writeFileSync(
      json,
      JSON.stringify({ "db-password": "from json", typed: { value: "t", contentType: "text/plain" } }),
    );
    const dotenv = join(directory, "seed.env");
    writeFileSync(dotenv, "# comment\nexport API_KEY='from env'\nDB_PASSWORD=changed\n");
    const dataFile = join(directory, "seeded.json");
    for (const seed of [json, dotenv]) {
      const emulator = await startCliEmulator(
        ["--port", "0", "--data", dataFile, "--seed", seed],
        30_000,
        noCorporateBundle,
      );
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
    }
    const emulator = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, noCorporateBundle);
    try {
      const token = await (async () => {
        const url = new URL(emulator.env["IDENTITY_ENDPOINT"]!);
        url.searchParams.set("api-version", "2019-08-01");
        url.searchParams.set("resource", emulator.env["KEYVAULT_URI"]!);
        const response = await fetch(url, {
          headers: { "x-identity-header": emulator.env["IDENTITY_HEADER"]! },
        });
        return ((await response.json()) as { access_token: string }).access_token;
      })();
      const read = async (name: string) =>
        JSON.parse((await getJson(emulator.env, `/secrets/${name}?api-version=7.6`, token)).body);
      expect((await read("db-password")).value).toBe("from json");
      expect(await read("typed")).toMatchObject({ value: "t", contentType: "text/plain" });
      expect((await read("API-KEY")).value).toBe("from env");
    } finally {
      emulator.child.kill("SIGTERM");
      await emulator.exited;
    }
    const bad = join(directory, "bad.env");
    writeFileSync(bad, "GOOD=1\nnot a line\n");
    const refused = await cli(["--port", "0", "--seed", bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`seed file ${bad}, line 2:`);
  });

  it("turns on the propagation windows with --realistic, and lets --delete-delay-ms 0 win over it", async () => {
    for (const [args, expected] of [
      [["--realistic"], 404],
      [["--realistic", "--delete-delay-ms", "0"], 200],
    ] as const) {
      const emulator = await startCliEmulator(["--port", "0", ...args], 30_000, noCorporateBundle);
      try {
        const url = new URL(emulator.env["IDENTITY_ENDPOINT"]!);
        url.searchParams.set("api-version", "2019-08-01");
        url.searchParams.set("resource", emulator.env["KEYVAULT_URI"]!);
        const identity = await fetch(url, {
          headers: { "x-identity-header": emulator.env["IDENTITY_HEADER"]! },
        });
        const token = ((await identity.json()) as { access_token: string }).access_token;
        const https = await import("node:https");
        const call = (method: string, path: string, body?: string) =>
          new Promise<number>((resolve, reject) => {
            const request = https.request(
              `${emulator.env["KEYVAULT_URI"]}${path}?api-version=7.6`,
              {
                method,
                ca: readFileSync(emulator.env["NODE_EXTRA_CA_CERTS"]!, "utf8"),
                headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              },
              (response) => {
                response.resume();
                response.on("end", () => resolve(response.statusCode!));
              },
            );
            request.on("error", reject);
            request.end(body);
          });
        expect(await call("PUT", "/secrets/windowed", '{"value":"v"}')).toBe(200);
        expect(await call("DELETE", "/secrets/windowed")).toBe(200);
        expect(await call("GET", "/deletedsecrets/windowed")).toBe(expected);
      } finally {
        emulator.child.kill("SIGTERM");
        expect(await emulator.exited).toBe(0);
      }
    }
  });

  /** The background recipe of docs/emulator.md, run by bash in a new project with the emulator installed. */
  async function runBackgroundRecipe(edit: (recipe: string) => string) {
    const guide = readFileSync(join(root, "docs", "emulator.md"), "utf8");
    const recipe = /```sh\n(mkdir -p \.emulator[\s\S]*?)```/.exec(guide)?.[1];
    expect(recipe).toBeDefined();
    const project = mkdtempSync(join(directory, "project-"));
    mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
    // What npm installs: node_modules/.bin/keyvault-emulator, which execs the CLI (same PID).
    writeFileSync(
      join(project, "node_modules", ".bin", "keyvault-emulator"),
      `#!/bin/sh\nexec "${process.execPath}" "${emulatorCliPath()}" "$@"\n`,
      { mode: 0o755 },
    );
    const result = await runProcess("bash", ["-c", `cd "${project}" && ${edit(recipe!)}`], {
      PATH: `${dirname(process.execPath)}:${process.env["PATH"]}`,
    });
    return { project, result };
  }

  it("runs the background recipe of docs/emulator.md, which stops the emulator cleanly", async () => {
    // The app: any Node process; the recipe's vault is named, so it resolves *.localhost with the preload.
    const preload = bundleSource("src/emulator/localhost.ts");
    const app = `node --require "${preload}" -e 'fetch(process.env.KEYVAULT_URI + "/health").then((r) => console.log("app saw", r.status))'`;
    const { project, result } = await runBackgroundRecipe(
      (recipe) => recipe.replace(/^node my-app\.js.*$/m, app) + 'echo "stopped with $?"\n',
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("app saw 200");
    expect(result.stdout).toContain("stopped with 0");
    expect(existsSync(join(project, ".emulator", "vault.json"))).toBe(true);
    expect(existsSync(join(project, ".emulator", "vault.json.lock"))).toBe(false);
    expect(readFileSync(join(project, ".emulator", "log"), "utf8")).toContain("Stop with Ctrl+C");
  });

  it("stops the background recipe at once with the emulator's status and reason when it cannot start", async () => {
    // A one-letter vault name: the CLI refuses it with exit code 2, naming the rule.
    const { result } = await runBackgroundRecipe((recipe) =>
      recipe.replace("--vault dev", "--vault a").replace(/^node my-app\.js.*$/m, 'echo "app ran"'),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain("app ran");
    expect(result.stderr).toContain("keyvault-emulator exited with status 2");
    expect(result.stderr).toMatch(/Vault name "a" is not valid: use 3-24 letters/);
  });
});
