// The gateway from the installed package, hosted by each runtime (Node's http adapter and Connect middleware,
// Bun.serve, Deno.serve, workerd), forwarding to an HTTPS emulator with its own identity; a SecretClient in
// this process uses it as its vault.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { collect } from "../helpers/clientFixture";
import { startScenarioTarget, reportedSteps, type ScenarioTarget } from "../helpers/runtimeTarget";
import { runWorkerTest } from "../helpers/workerd";

const { consumerDir, binaries } = inject("runtimeMatrix");

let target: ScenarioTarget;
beforeAll(async () => {
  target = await startScenarioTarget();
});
afterAll(() => target?.close());

/** Starts the gateway host in `command args` and resolves with its port once it listens. */
function startHost(command: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(command, args, {
    cwd: consumerDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`the host exited ${code}:\n${output}`)));
  });
  return { child, port };
}

// Our Node client sends no Origin; the gateway lets it write with the app's own header.
const appHeader: PipelinePolicy = {
  name: "appHeader",
  sendRequest: (request, next) => (request.headers.set("x-app", "1"), next(request)),
};

const hosts = [
  {
    host: "node-handler",
    runtime: "Node (toNodeHandler)",
    command: process.execPath,
    args: ["gatewayHost.mjs"],
  },
  {
    host: "node-middleware",
    runtime: "Node (toConnectMiddleware)",
    command: process.execPath,
    args: ["gatewayHost.mjs"],
  },
  { host: "bun", runtime: "Bun (Bun.serve)", command: binaries.bun, args: ["gatewayHost.mjs"] },
  {
    host: "deno",
    runtime: "Deno (Deno.serve)",
    command: binaries.deno,
    args: ["run", "-A", "gatewayHost.mjs"],
  },
];

describe.each(hosts)("the gateway under $runtime", ({ host, command, args }) => {
  let child: ChildProcess | undefined;
  let client: SecretClient;
  beforeAll(async () => {
    const started = startHost(command, args, {
      HOST: host,
      KEYVAULT_URI: target.vaultUrl,
      TOKEN_URL: target.tokenUrl,
      NODE_EXTRA_CA_CERTS: target.caCertificatePath,
      DENO_CERT: target.caCertificatePath,
    });
    child = started.child;
    const port = await started.port;
    client = new SecretClient(
      `http://127.0.0.1:${port}/kv`,
      { getToken: async () => null },
      {
        allowInsecureConnection: true,
        additionalPolicies: [{ policy: appHeader, position: "perCall" }],
        retryOptions: { maxRetries: 0 },
      },
    );
  });
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("forwards set, get, list and delete to the emulator, and refuses other names with 403", async () => {
    const name = `app-${host}`;
    await client.setSecret(name, `value via ${host}`);
    expect((await client.getSecret(name)).value).toBe(`value via ${host}`);
    expect((await collect(client.listPropertiesOfSecrets())).map((secret) => secret.name)).toContain(name);
    await client.beginDeleteSecret(name);
    await expect(client.getSecret("server-only")).rejects.toMatchObject({ statusCode: 403 });
  });
});

describe("the gateway in workerd (the package's browser build)", () => {
  it("forwards to the emulator and refuses what it does not allow", async () => {
    const bundle = join(consumerDir, "gateway-worker.bundle.mjs");
    await build({
      absWorkingDir: consumerDir,
      entryPoints: [join(consumerDir, "gatewayWorker.mjs")],
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions: ["worker", "browser"],
      outfile: bundle,
      logLevel: "error",
    });
    const result = await runWorkerTest({
      workerd: binaries.workerd,
      bundle,
      caCertificatePath: target.caCertificatePath,
      bindings: { KEYVAULT_URI: target.vaultUrl, TOKEN_URL: target.tokenUrl },
      compatibilityDate: "2026-11-01",
      compatibilityFlags: ["no_nodejs_compat"],
    });
    expect(reportedSteps(result.stdout), result.stderr).toEqual([
      "set",
      "get",
      "list",
      "refuse name",
      "refuse keys",
    ]);
    expect(result.code).toBe(0);
  });
});
