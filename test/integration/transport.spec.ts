// The client's default Node transport over real sockets: keep-alive on and off, abort and timeout, gzip and
// deflate bodies, socket errors, TLS options, redirects — and the requests it leaves to core's Node client
// (progress callbacks, streamed responses, binary bodies) still behave as core's client does.
// Redirects are core's redirect policy (same-origin only, as core does by default).
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { createClientHttpClient, isLeanRequest } from "../../src/http/transport/defaultHttpClient.js";
import { SecretClient } from "../../src/index.js";

type Handler = (request: IncomingMessage, response: ServerResponse, socket: Socket) => void;

let server: Server;
let origin: string;
let handler: Handler;
const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; remotePort: number }> =
  [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({
      method: request.method!,
      url: request.url!,
      headers: request.headers,
      remotePort: request.socket.remotePort!,
    });
    handler(request, response, request.socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
});

const json =
  (body: unknown): Handler =>
  (_request, response) =>
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

function request(overrides: Partial<Parameters<typeof createPipelineRequest>[0]> = {}): PipelineRequest {
  return createPipelineRequest({ url: `${origin}/x`, allowInsecureConnection: true, ...overrides });
}

describe("the lean transport", () => {
  it("reuses one keep-alive connection across requests", async () => {
    handler = json({ ok: true });
    const client = createClientHttpClient();
    for (let i = 0; i < 3; i++) expect((await client.sendRequest(request())).bodyAsText).toBe('{"ok":true}');
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(1);
    expect(seen[0].headers.connection).toBe("keep-alive");
  });

  it("closes the connection after each request when keep-alive is disabled", async () => {
    handler = json({ ok: true });
    const client = createClientHttpClient();
    for (let i = 0; i < 3; i++) await client.sendRequest(request({ disableKeepAlive: true }));
    expect(new Set(seen.map((s) => s.remotePort)).size).toBe(3);
    expect(seen.every((s) => s.headers.connection === "close")).toBe(true);
  });

  it("sends the method, headers and string body with its Content-Length, and reads status and headers", async () => {
    handler = (incoming, response) => {
      let body = "";
      incoming.on("data", (chunk) => (body += chunk));
      incoming.on("end", () => response.writeHead(201, { "x-echo": body }).end("done"));
    };
    const response = await createClientHttpClient().sendRequest(
      request({ method: "PUT", body: '{"value":"é"}', headers: createHttpHeaders({ "X-Custom": "1" }) }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe('{"value":"é"}');
    expect(response.bodyAsText).toBe("done");
    expect(seen[0]).toMatchObject({ method: "PUT", headers: { "x-custom": "1", "content-length": "14" } });
  });

  it("sends one Host header with the port, and a caller's own Host instead of it", async () => {
    handler = json({ ok: true });
    const client = createClientHttpClient();
    await client.sendRequest(request({ url: `${origin}/secrets/a?api-version=7.6&x=%2F` }));
    await client.sendRequest(request({ headers: createHttpHeaders({ Host: "vault.example" }) }));
    const [first, second] = seen;
    expect(first).toMatchObject({
      url: "/secrets/a?api-version=7.6&x=%2F",
      headers: { host: origin.slice(7) },
    });
    expect(second.headers.host).toBe("vault.example");
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
  ])("decodes a %s-encoded body", async (encoding, encode) => {
    handler = (_request, response) =>
      response.writeHead(200, { "content-encoding": encoding }).end(encode(Buffer.from('{"value":"v"}')));
    const response = await createClientHttpClient().sendRequest(request());
    expect(response.bodyAsText).toBe('{"value":"v"}');
  });

  it("rejects with AbortError when the signal aborts, and at once when it already has", async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = createClientHttpClient().sendRequest(request({ abortSignal: controller.signal }));
    await expect.poll(() => seen.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(
      createClientHttpClient().sendRequest(request({ abortSignal: AbortSignal.abort() })),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects with AbortError when the timeout passes, also while the body is arriving", async () => {
    handler = () => undefined;
    await expect(createClientHttpClient().sendRequest(request({ timeout: 50 }))).rejects.toMatchObject({
      name: "AbortError",
    });
    handler = (_request, response) => response.writeHead(200, { "content-length": "100" }).write("partial");
    await expect(createClientHttpClient().sendRequest(request({ timeout: 50 }))).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("turns a connection closed mid-body into a PARSE_ERROR and a refused connection into its socket code", async () => {
    handler = (_request, response, socket) => {
      response.writeHead(200, { "content-length": "100" });
      response.write("partial", () => socket.destroy());
    };
    await expect(createClientHttpClient().sendRequest(request())).rejects.toMatchObject({
      name: "RestError",
      code: "PARSE_ERROR",
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      createClientHttpClient().sendRequest(request({ url: `http://127.0.0.1:${port}/` })),
    ).rejects.toMatchObject({ name: "RestError", code: "ECONNREFUSED" });
  });

  it("refuses http without allowInsecureConnection, as core's client does", async () => {
    await expect(
      createClientHttpClient().sendRequest(request({ allowInsecureConnection: false })),
    ).rejects.toThrow(/while allowInsecureConnection is false/);
  });
});

describe("requests left to core's Node client", () => {
  it("only JSON-or-empty-body requests without callbacks, streaming or overrides are sent by the lean client", () => {
    expect(isLeanRequest(request())).toBe(true);
    expect(isLeanRequest(request({ body: "{}" }))).toBe(true);
    expect(isLeanRequest(request({ body: new Uint8Array([1]) }))).toBe(false);
    expect(isLeanRequest(request({ onDownloadProgress: () => undefined }))).toBe(false);
    expect(isLeanRequest(request({ onUploadProgress: () => undefined }))).toBe(false);
    expect(isLeanRequest(request({ streamResponseStatusCodes: new Set([200]) }))).toBe(false);
    expect(isLeanRequest(request({ requestOverrides: { method: "GET" } }))).toBe(false);
    expect(isLeanRequest(request({ headers: createHttpHeaders({ Expect: "100-continue" }) }))).toBe(false);
  });

  it("reports upload and download progress through the SecretClient's requestOptions", async () => {
    const emulator = await startEmulator({ port: 0, http: true });
    try {
      const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
      const uploaded: number[] = [];
      const downloaded: number[] = [];
      await client.setSecret("progress", "x".repeat(5000), {
        requestOptions: {
          onUploadProgress: ({ loadedBytes }) => uploaded.push(loadedBytes),
          onDownloadProgress: ({ loadedBytes }) => downloaded.push(loadedBytes),
        },
      });
      expect(uploaded.at(-1)).toBeGreaterThan(5000);
      expect(downloaded.at(-1)).toBeGreaterThan(5000);
    } finally {
      await emulator.stop();
    }
  });

  it("streams a response body when asked to", async () => {
    handler = json({ streamed: true });
    const response = await createClientHttpClient().sendRequest(
      request({ streamResponseStatusCodes: new Set([200]) }),
    );
    expect(response.bodyAsText).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('{"streamed":true}');
  });

  it("sends a binary body", async () => {
    handler = (incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => response.end(Buffer.concat(chunks).toString("hex")));
    };
    const response = await createClientHttpClient().sendRequest(
      request({ method: "POST", body: new Uint8Array([1, 2, 255]) }),
    );
    expect(response.bodyAsText).toBe("0102ff");
  });
});

describe("TLS options", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("trusts the emulator's certificate only with the CA given in tlsOptions", async () => {
    const trusting = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
    await trusting.setSecret("tls", "v");
    expect((await trusting.getSecret("tls")).value).toBe("v");

    const untrusting = new SecretClient(emulator.vaultUrl, emulator.credential, {
      retryOptions: { maxRetries: 0 },
    });
    const error = await untrusting.getSecret("tls").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "RestError" });
    expect((error as { code: string }).code).toMatch(/CERT|SIGNATURE|ISSUER/);
  });
});

describe("redirects", () => {
  let emulator: RunningEmulator;
  let front: Server;
  let frontUrl: string;
  let redirected = 0;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, http: true });
    // A front door that answers each request first with a same-origin 307 (to the same URL marked
    // `redirected`), then passes the redirected request on to the emulator.
    front = createServer((request, response) => {
      if (!request.url!.includes("redirected=1")) {
        redirected++;
        response.writeHead(307, { location: `${request.url}&redirected=1` }).end();
        return;
      }
      const upstream = httpRequest(
        `${emulator.vaultUrl}${request.url}`,
        { method: request.method, headers: { ...request.headers, host: new URL(emulator.vaultUrl).host } },
        (answer) => {
          response.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await emulator?.stop();
  });

  it("follows a 307 by default and returns it as a RestError with handleRedirects: false", async () => {
    await new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions).setSecret(
      "moved",
      "v",
    );
    const following = new SecretClient(frontUrl, emulator.credential, emulator.clientOptions);
    expect((await following.getSecret("moved")).value).toBe("v");
    expect(redirected).toBeGreaterThan(0);

    const notFollowing = new SecretClient(frontUrl, emulator.credential, {
      ...emulator.clientOptions,
      redirectOptions: { handleRedirects: false },
    });
    await expect(notFollowing.getSecret("moved")).rejects.toMatchObject({ statusCode: 307 });
  });
});
