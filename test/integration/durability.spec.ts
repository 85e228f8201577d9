// The data file as a team uses it: writes acknowledged over HTTPS survive kill -9 (and nothing half-written
// appears), one emulator per file (the second is refused naming the first), a failed start leaves the disk
// as it was, and a restart keeps every variable the first start printed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSource } from "../helpers/sourceBundle.js";
import { emulatorCliPath, runNode, startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess.js";

const noCorporateBundle = { NODE_EXTRA_CA_CERTS: "" };

async function tokenOf(env: Record<string, string>): Promise<string> {
  const url = new URL(env["IDENTITY_ENDPOINT"]!);
  url.searchParams.set("api-version", "2019-08-01");
  url.searchParams.set("resource", env["KEYVAULT_URI"]!);
  const response = await fetch(url, { headers: { "x-identity-header": env["IDENTITY_HEADER"]! } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A keep-alive HTTPS caller of one emulator's vault. */
function vaultCaller(env: Record<string, string>, token: string) {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: readFileSync(env["NODE_EXTRA_CA_CERTS"]!, "utf8"),
  });
  const call = (method: string, path: string, body?: object) =>
    new Promise<{ status: number; json: { value?: string; id?: string; nextLink?: string } }>(
      (resolve, reject) => {
        const request = https.request(
          `${env["KEYVAULT_URI"]}${path}${path.includes("?") ? "&" : "?"}api-version=7.6`,
          {
            method,
            agent,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
            response.on("end", () =>
              resolve({ status: response.statusCode!, json: text ? JSON.parse(text) : {} }),
            );
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end(body ? JSON.stringify(body) : undefined);
      },
    );
  return { call, close: () => agent.destroy() };
}

function runCli(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return runNode([emulatorCliPath(), ...args], noCorporateBundle, 30_000);
}

const valueOf = (name: string) => `the value of ${name}: ${"x".repeat(name.length * 7)}`;

describe("the data file under kill -9, a second emulator and restarts", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "kv-durable-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("keeps every write acknowledged before SIGKILL during a 64-way HTTPS burst, and nothing partial", async () => {
    const dataFile = join(directory, "burst.json");
    const emulator = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, noCorporateBundle);
    const vault = vaultCaller(emulator.env, await tokenOf(emulator.env));
    const acknowledged = new Map<string, string>(); // "name/version" → value
    let killed = false;
    const lanes = Array.from({ length: 64 }, async (_, lane) => {
      for (let round = 0; round < 1_000 && !killed; round++) {
        // Half the lanes add versions to one name each, half create new names.
        const name = lane % 2 === 0 ? `hot-${lane}` : `new-${lane}-${round}`;
        const value = lane % 2 === 0 ? `${valueOf(name)} #${round}` : valueOf(name);
        try {
          const response = await vault.call("PUT", `/secrets/${name}`, { value });
          if (response.status !== 200) return;
          acknowledged.set(`${name}/${response.json.id!.split("/").pop()}`, value);
        } catch {
          return; // the emulator is gone
        }
      }
    });
    for (let wait = 0; wait < 3_000 && acknowledged.size < 600; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(600);
    emulator.child.kill("SIGKILL");
    killed = true;
    expect(await emulator.exited).toBe("SIGKILL");
    await Promise.all(lanes);
    vault.close();
    const acknowledgedAtKill = new Map(acknowledged);
    expect(existsSync(`${dataFile}.lock`)).toBe(true); // left by the killed process, taken over below

    const restarted = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, noCorporateBundle);
    const again = vaultCaller(restarted.env, await tokenOf(restarted.env));
    try {
      const entries = [...acknowledgedAtKill];
      for (let start = 0; start < entries.length; start += 64) {
        const reads = await Promise.all(
          entries.slice(start, start + 64).map(([path]) => again.call("GET", `/secrets/${path}`)),
        );
        reads.forEach((read, index) => {
          expect(read.status, entries[start + index]![0]).toBe(200);
          expect(read.json.value).toBe(entries[start + index]![1]);
        });
      }
      // Every secret that exists is whole: its latest value is one some writer sent for that name.
      const names: string[] = [];
      let page = await again.call("GET", "/secrets?maxresults=25");
      for (let count = 0; count < 1_000; count++) {
        names.push(
          ...(page.json as unknown as { value: { id: string }[] }).value.map((item) =>
            item.id.split("/").pop()!,
          ),
        );
        if (!page.json.nextLink) break;
        page = await again.call("GET", page.json.nextLink.slice(restarted.env["KEYVAULT_URI"]!.length));
      }
      const acknowledgedNames = new Set(entries.map(([path]) => path.split("/")[0]));
      for (const name of acknowledgedNames) expect(names).toContain(name);
      for (let start = 0; start < names.length; start += 64) {
        const latest = await Promise.all(
          names.slice(start, start + 64).map((name) => again.call("GET", `/secrets/${name}`)),
        );
        latest.forEach((read, index) => {
          const name = names[start + index]!;
          expect(read.json.value?.startsWith(valueOf(name)), name).toBe(true);
        });
      }
    } finally {
      again.close();
      restarted.child.kill("SIGTERM");
      expect(await restarted.exited).toBe(0);
    }
  });

  it("refuses a second emulator on the same data file naming the first one's PID and port, changing nothing", async () => {
    const dataFile = join(directory, "shared.json");
    const first = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, noCorporateBundle);
    try {
      const port = new URL(first.env["KEYVAULT_URI"]!).port;
      const before = readdirSync(directory).map((name) => [
        name,
        readFileSync(join(directory, name), "utf8"),
      ]);
      const second = await runCli(["--port", "0", "--data", dataFile]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(
        `The emulator data file ${dataFile} is in use by another keyvault-emulator (PID ${first.child.pid} on port ${port})`,
      );
      expect(second.stdout).toBe("");
      const after = readdirSync(directory).map((name) => [name, readFileSync(join(directory, name), "utf8")]);
      expect(after).toEqual(before);
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
    }
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
  });

  it("leaves nothing new on disk when the start fails on a taken port, and says to use --port 0", async () => {
    const empty = mkdtempSync(join(directory, "empty-"));
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await runCli(["--port", String(port), "--data", join(empty, "vault.json")]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain("pass --port 0 to pick a free port");
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it("keeps every printed variable across a restart, so processes started with them keep working", async () => {
    const dataFile = join(directory, "identity.json");
    let emulator: CliEmulator = await startCliEmulator(
      ["--port", "0", "--data", dataFile],
      30_000,
      noCorporateBundle,
    );
    const firstEnv = emulator.env;
    const port = new URL(firstEnv["KEYVAULT_URI"]!).port;
    const client = (body: string) => [
      "-e",
      `const { DefaultAzureCredential } = require("@azure/identity");
       const { SecretClient } = require(${JSON.stringify(bundleSource("src/index.ts"))});
       const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential());
       (async () => { ${body} })().catch((e) => { console.error(String(e)); process.exit(1); });`,
    ];
    try {
      const written = await runNode(
        client(`await client.setSecret("kept", "across restarts"); console.log("ok");`),
        firstEnv,
      );
      expect(written.stderr).toBe("");
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);

      emulator = await startCliEmulator(["--port", port, "--data", dataFile], 30_000, noCorporateBundle);
      // Every client variable; not the dashboard's link, whose admin token is new each run by design.
      const clientVariables = ({ KEYVAULT_EMULATOR_DASHBOARD: _, ...env }: Record<string, string>) => env;
      expect(clientVariables(emulator.env)).toEqual(clientVariables(firstEnv));
      // A process started with the variables of the first start, unchanged.
      const read = await runNode(client(`console.log((await client.getSecret("kept")).value);`), firstEnv);
      expect(read.stderr).toBe("");
      expect(read.stdout.trim()).toBe("across restarts");
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);

      // Flags override what the file kept, and the file keeps the new values.
      const header = "a-header-chosen-by-flag";
      const args = ["--port", port, "--data", dataFile, "--identity-port", "0", "--identity-header", header];
      emulator = await startCliEmulator(args, 30_000, noCorporateBundle);
      expect(emulator.env["IDENTITY_HEADER"]).toBe(header);
      expect(emulator.env["IDENTITY_ENDPOINT"]).not.toBe(firstEnv["IDENTITY_ENDPOINT"]);
      const overridden = emulator.env;
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
      emulator = await startCliEmulator(["--port", port, "--data", dataFile], 30_000, noCorporateBundle);
      expect(clientVariables(emulator.env)).toEqual(clientVariables(overridden));
    } finally {
      emulator.child.kill("SIGTERM");
      await emulator.exited;
    }
  });
});
