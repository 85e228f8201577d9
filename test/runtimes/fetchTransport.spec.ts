// The browser transport in the runtimes that take the browser build without being browsers: Deno, Bun, Node
// (its own fetch) and workerd — on the README's compatibility date and on an old one, where Workers refuse
// RequestInit fields they do not implement (the transport only sets the fields a request needs). The
// scenario (fixtures/fetchTransportScenario.ts) is bundled from src for the browser, with this server's URLs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import { createTlsMaterial } from "../../src/emulator/identity/certificates";
import { reportedSteps, runCommand } from "../helpers/runtimeTarget";
import { runWorkerTest } from "../helpers/workerd";
import { fetchTransportSteps, type FetchTransportUrls } from "./fixtures/fetchTransportScenario";

const { binaries } = inject("runtimeMatrix");
const scenario = fileURLToPath(new URL("./fixtures/fetchTransportScenario.ts", import.meta.url));

let server: Server;
let dir: string;
let scriptPath: string;
let workerPath: string;
let caPath: string;

function answer(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  switch (url.pathname) {
    case "/text":
      return response.writeHead(200, { "content-type": "text/plain", "x-custom": "a" }).end("hello");
    case "/echo": {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => response.end(Buffer.concat(chunks)));
      return;
    }
    case "/bytes":
      return response.end("x".repeat(Number(url.searchParams.get("n"))));
    case "/hold":
      return; // never answers
    case "/partial":
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("partial"); // and nothing more
      return;
    default:
      return response.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(answer);
  const closed = createServer();
  await Promise.all(
    [server, closed].map((each) => new Promise<void>((resolve) => each.listen(0, "127.0.0.1", resolve))),
  );
  const port = (each: Server) => (each.address() as AddressInfo).port;
  const urls: FetchTransportUrls = {
    origin: `http://127.0.0.1:${port(server)}`,
    refused: `http://127.0.0.1:${port(closed)}/text`,
  };
  await new Promise((resolve) => closed.close(resolve));

  dir = mkdtempSync(join(tmpdir(), "kvsc-fetch-transport-"));
  const run = `import { runFetchTransportScenario } from ${JSON.stringify(scenario)};
const run = () => runFetchTransportScenario(${JSON.stringify(urls)},
  (step) => console.log("ok " + step),
  (step, error) => console.log("not ok " + step + ": " + error.message));`;
  const bundle = async (contents: string, outfile: string) => {
    await build({
      stdin: { contents, resolveDir: dir, loader: "ts" },
      plugins: [esbuildBrowserVariants()],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      outfile,
      logLevel: "silent",
    });
    return outfile;
  };
  scriptPath = await bundle(
    `${run}\nconst failed = await run();\nif (failed.length > 0) throw new Error("failed: " + failed.join(", "));`,
    join(dir, "script.mjs"),
  );
  workerPath = await bundle(
    `${run}\nexport default { async test() { const failed = await run();
  if (failed.length > 0) throw new Error("failed: " + failed.join(", ")); } };`,
    join(dir, "worker.mjs"),
  );
  // workerd wants a CA for its outbound TLS even though every request here is plain http.
  caPath = join(dir, "ca.pem");
  writeFileSync(caPath, createTlsMaterial().ca.certificate);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("the browser transport outside browsers", () => {
  it.each([
    ["Deno", () => [binaries.deno, ["run", "--allow-net", "--allow-env", scriptPath]] as const],
    ["Bun", () => [binaries.bun, [scriptPath]] as const],
    ["Node (its fetch)", () => [process.execPath, [scriptPath]] as const],
  ])("%s", async (_name, command) => {
    const [binary, args] = command();
    const result = await runCommand(binary, [...args], dir, {});
    expect(reportedSteps(result.stdout), result.stdout + result.stderr).toEqual(fetchTransportSteps);
    expect(result.code).toBe(0);
  });

  it.each(["2026-11-01", "2022-11-30"])("workerd, compatibility date %s", async (compatibilityDate) => {
    const result = await runWorkerTest({
      workerd: binaries.workerd,
      bundle: workerPath,
      caCertificatePath: caPath,
      bindings: {},
      compatibilityDate,
    });
    expect(reportedSteps(result.stdout), result.stdout + result.stderr).toEqual(fetchTransportSteps);
    expect(result.code).toBe(0);
  });
});
