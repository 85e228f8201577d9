// The browser transport (defaultHttpClient-browser.ts, our HttpClient on fetch) in real Chromium over real
// sockets: every behaviour of core's fetch client a request can reach, plus the contract the per-try
// timeout relies on — `timeout` and the abort signal reject with an AbortError, and once a request is over
// the transport has no timer and no abort listener left.
//
// Three loopback servers share one handler: the page's own origin (plain HTTP, a secure context as
// loopback, cross-origin isolated), a second plain origin (cross-origin, same site: cookies and CORS) and an
// HTTPS one speaking HTTP/2, which Chromium requires for a streamed request body.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import { createTlsMaterial } from "../../src/emulator/identity/certificates";
import type { Outcome, SendSpec } from "./fixtures/fetchClientPage/main";
import { launchChromium } from "../helpers/browser";

const fixture = fileURLToPath(new URL("./fixtures/fetchClientPage/main.ts", import.meta.url));

/** What /echo saw of a request. */
interface Echo {
  method: string;
  headers: Record<string, string>;
  body: string;
}

let pageScript = "";
const heldResponses = new Set<ServerResponse>();
const hitWaiters = new Map<string, () => void>();
let releaseRest: (() => void) | undefined;
let cacheableHits = 0;

/** Resolves on the next request for `path` (call before sending it). */
function nextHit(path: string): Promise<void> {
  return new Promise((resolve) => hitWaiters.set(path, resolve));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

// Written against node:http's types; HTTP/2's compatibility API answers the same calls.
function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  hitWaiters.get(url.pathname)?.();
  hitWaiters.delete(url.pathname);
  const origin = request.headers.origin;
  const common: Record<string, string> = {
    "access-control-allow-origin": typeof origin === "string" ? origin : "*",
    "access-control-allow-credentials": "true",
    "access-control-allow-methods": "GET, HEAD, PUT, POST, PATCH, DELETE",
    "access-control-allow-headers": String(request.headers["access-control-request-headers"] ?? ""),
    "access-control-expose-headers": "x-ms-request-id, x-custom",
    // The page is cross-origin isolated (a SharedArrayBuffer body is possible); the other origins allow it.
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
    "cross-origin-resource-policy": "cross-origin",
  };
  const send = (status: number, headers: Record<string, string>, body?: string | Buffer): void => {
    response.writeHead(status, { ...common, ...headers });
    response.end(body);
  };
  if (request.method === "OPTIONS") return send(204, {});
  switch (url.pathname) {
    case "/":
      return send(200, { "content-type": "text/html" }, `<!doctype html><script src="/main.js"></script>`);
    case "/main.js":
      return send(200, { "content-type": "text/javascript" }, pageScript);
    case "/echo":
      void readBody(request).then((body) => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([name]) => !name.startsWith(":")),
        ) as Record<string, string>;
        const echo: Echo = { method: request.method ?? "", headers, body: body.toString("latin1") };
        send(
          200,
          { "content-type": "application/json", "x-ms-request-id": "req-1", "x-custom": "a" },
          JSON.stringify(echo),
        );
      });
      return;
    case "/status":
      return send(Number(url.searchParams.get("code")), {});
    case "/bytes":
      return send(
        200,
        { "content-type": "application/octet-stream" },
        "x".repeat(Number(url.searchParams.get("n"))),
      );
    case "/cacheable":
      cacheableHits++;
      return send(200, { "cache-control": "public, max-age=3600" }, String(cacheableHits));
    case "/hold":
      heldResponses.add(response);
      return;
    case "/partial":
      // Headers and a first part of the body, then nothing.
      heldResponses.add(response);
      response.writeHead(200, { ...common, "content-type": "text/plain" });
      response.write("partial");
      return;
    case "/two-parts":
      // 1,000 bytes, then the rest only once the page asked for it (after it saw the first part's progress).
      response.writeHead(200, { ...common, "content-type": "text/plain" });
      response.write("a".repeat(1000));
      releaseRest = () => response.end("b".repeat(1000));
      return;
    case "/release":
      releaseRest?.();
      return send(204, {});
    default:
      return send(404, {});
  }
}

interface Origins {
  page: string;
  other: string;
  secure: string;
}
let origins: Origins;
let closeServers: () => Promise<void>;
let closedPortUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function listen(
  server: ReturnType<typeof createServer> | ReturnType<typeof createSecureServer>,
): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fixture],
    // As the package's browser build: defaultHttpClient.ts is its fetch twin.
    plugins: [esbuildBrowserVariants()],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  pageScript = bundle.outputFiles[0]!.text;

  const tls = createTlsMaterial();
  const pageServer = createServer(handle);
  const otherServer = createServer(handle);
  const secureServer = createSecureServer(
    { key: tls.server.privateKey, cert: tls.server.certificate, allowHTTP1: true },
    handle as unknown as (request: Http2ServerRequest, response: Http2ServerResponse) => void,
  );
  const sessions = new Set<{ destroy(): void }>();
  secureServer.on("session", (session) => sessions.add(session));
  const closedServer = createServer();
  const [pagePort, otherPort, securePort, closedPort] = await Promise.all(
    [pageServer, otherServer, secureServer, closedServer].map(listen),
  );
  await new Promise((resolve) => closedServer.close(resolve));
  closedPortUrl = `http://127.0.0.1:${closedPort}/echo`;
  origins = {
    page: `http://127.0.0.1:${pagePort}`,
    other: `http://127.0.0.1:${otherPort}`,
    secure: `https://127.0.0.1:${securePort}`,
  };
  closeServers = async () => {
    for (const session of sessions) session.destroy();
    pageServer.closeAllConnections();
    otherServer.closeAllConnections();
    await Promise.all(
      [pageServer, otherServer, secureServer].map(
        (server) => new Promise((resolve) => server.close(resolve)),
      ),
    );
  };

  browser = await launchChromium();
  // The HTTPS origin's certificate comes from a throwaway CA Chromium cannot be told to trust.
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  await page.goto(`${origins.page}/`);
});

afterAll(async () => {
  await browser?.close();
  await closeServers?.();
});

beforeEach(() => {
  for (const response of heldResponses) response.destroy();
  heldResponses.clear();
});

const send = (spec: SendSpec): Promise<Outcome> => page.evaluate((spec) => window.send(spec), spec);
const echoOf = (outcome: Outcome): Echo => JSON.parse(outcome.bodyAsText ?? "null") as Echo;
const settledClean = { timersAfter: 0, abortListenersAfter: 0 };

describe("the browser transport sends", () => {
  it("the method, headers and a string body, and returns status, headers and bodyAsText", async () => {
    const outcome = await send({
      url: `${origins.page}/echo`,
      method: "PUT",
      headers: { "content-type": "application/json", "x-ms-client-request-id": "id-1" },
      body: { kind: "string", text: '{"value":"é"}' },
    });
    expect(outcome).toMatchObject({ status: 200, ...settledClean });
    expect(outcome.headers).toMatchObject({ "x-ms-request-id": "req-1", "x-custom": "a" });
    const echo = echoOf(outcome);
    expect(echo.method).toBe("PUT");
    expect(echo.headers).toMatchObject({
      "content-type": "application/json",
      "x-ms-client-request-id": "id-1",
    });
    expect(Buffer.from(echo.body, "latin1").toString("utf8")).toBe('{"value":"é"}');
  });

  it.each([
    ["a body function's result", { kind: "function", text: "from a function" }, "from a function"],
    ["a Blob", { kind: "blob", text: "blob bytes" }, "blob bytes"],
    ["an ArrayBuffer", { kind: "arrayBuffer", text: "buffer bytes" }, "buffer bytes"],
    ["only the bytes of a Uint8Array view", { kind: "view", text: "view bytes", offset: 3 }, "view bytes"],
  ] as const)("%s", async (_name, body, expected) => {
    const outcome = await send({ url: `${origins.page}/echo`, method: "POST", body });
    expect(echoOf(outcome).body).toBe(expected);
  });

  it("a view of a SharedArrayBuffer (fetch alone refuses one)", async () => {
    expect(await page.evaluate(() => window.isolated())).toBe(true);
    const outcome = await send({
      url: `${origins.page}/echo`,
      method: "POST",
      body: { kind: "sharedView", text: "shared bytes" },
    });
    expect(outcome.error).toBeUndefined();
    expect(echoOf(outcome).body).toBe("shared bytes");
  });

  it("FormData as multipart/form-data", async () => {
    const outcome = await send({
      url: `${origins.page}/echo`,
      method: "POST",
      body: { kind: "formData", fields: { name: "db", value: "v" } },
    });
    const echo = echoOf(outcome);
    expect(echo.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(echo.body).toMatch(/name="name"\r\n\r\ndb\r\n/);
  });

  it("a ReadableStream body over HTTP/2, reporting upload progress per chunk", async () => {
    const outcome = await send({
      url: `${origins.secure}/echo`,
      method: "POST",
      allowInsecureConnection: false,
      body: { kind: "stream", chunks: ["one,", "two,", "three"] },
      trackUpload: true,
    });
    expect(outcome.error).toBeUndefined();
    expect(echoOf(outcome).body).toBe("one,two,three");
    expect(outcome.uploadEvents).toEqual([4, 8, 13]);
  });

  it("reports a Blob upload as sent whole once the response came", async () => {
    const outcome = await send({
      url: `${origins.page}/echo`,
      method: "POST",
      body: { kind: "blob", text: "12345678" },
      trackUpload: true,
    });
    expect(outcome.uploadEvents).toEqual([8]);
  });

  it("cookies to another origin only with withCredentials", async () => {
    await context.addCookies([{ name: "session", value: "s1", domain: "127.0.0.1", path: "/" }]);
    try {
      const without = await send({ url: `${origins.other}/echo` });
      const withCredentials = await send({ url: `${origins.other}/echo`, withCredentials: true });
      expect(echoOf(without).headers.cookie).toBeUndefined();
      expect(echoOf(withCredentials).headers.cookie).toBe("session=s1");
    } finally {
      await context.clearCookies();
    }
  });

  it("requestOverrides spread into fetch's options, their headers in place of the request's", async () => {
    const plain = await send({ url: `${origins.page}/echo`, headers: { "x-pipeline": "1" } });
    expect(echoOf(plain).headers.referer).toBe(`${origins.page}/`);
    const overridden = await send({
      url: `${origins.page}/echo`,
      headers: { "x-pipeline": "1" },
      requestOverrides: { referrerPolicy: "no-referrer", headers: { "x-override": "2" } },
    });
    const echo = echoOf(overridden);
    expect(echo.headers.referer).toBeUndefined();
    expect(echo.headers["x-override"]).toBe("2");
    expect(echo.headers["x-pipeline"]).toBeUndefined();
  });

  it("past the browser's HTTP cache (cache: no-store)", async () => {
    const first = await send({ url: `${origins.page}/cacheable` });
    const second = await send({ url: `${origins.page}/cacheable` });
    expect(Number(second.bodyAsText)).toBe(Number(first.bodyAsText) + 1);
  });

  it("HEAD and a 204 with an empty bodyAsText", async () => {
    expect(await send({ url: `${origins.page}/bytes?n=10`, method: "HEAD" })).toMatchObject({
      status: 200,
      bodyAsText: "",
      ...settledClean,
    });
    expect(await send({ url: `${origins.page}/status?code=204`, method: "DELETE" })).toMatchObject({
      status: 204,
      bodyAsText: "",
      ...settledClean,
    });
  });

  it("https without allowInsecureConnection, and refuses http without it", async () => {
    expect(await send({ url: `${origins.secure}/echo`, allowInsecureConnection: false })).toMatchObject({
      status: 200,
    });
    const refused = await send({ url: `${origins.page}/echo`, allowInsecureConnection: false });
    expect(refused.error).toMatchObject({
      name: "Error",
      isRestError: false,
      message: `Cannot connect to ${origins.page}/echo while allowInsecureConnection is false.`,
    });
  });
});

describe("the browser transport refuses, as core's fetch client does", () => {
  it.each([
    ["an Expect header", { headers: { expect: "100-continue" } }, /Expect header is not supported/],
    ["a proxy", { proxy: true }, /HTTP proxy is not supported in browser environment/],
  ] as const)("%s", async (_name, extra, message) => {
    const outcome = await send({ url: `${origins.page}/echo`, ...extra });
    expect(outcome.error).toMatchObject({ name: "Error", isRestError: false, stage: "send" });
    expect(outcome.error?.message).toMatch(message);
  });

  it("a Node stream body, with a RestError", async () => {
    const outcome = await send({ url: `${origins.page}/echo`, method: "POST", body: { kind: "nodeStream" } });
    expect(outcome.error).toMatchObject({ isRestError: true, code: "REQUEST_SEND_ERROR" });
    expect(outcome.error?.message).toMatch(/Node streams are not supported/);
  });
});

describe("the browser transport reads the response", () => {
  it("reporting download progress as the body arrives", async () => {
    const outcome = await send({
      url: `${origins.page}/two-parts`,
      trackDownload: true,
      // The second half comes only after the page saw progress for the first.
      releaseUrlAtBytes: { bytes: 1000, url: `${origins.page}/release` },
      timeout: 20_000,
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.bodyAsText).toBe("a".repeat(1000) + "b".repeat(1000));
    expect(outcome.downloadEvents.at(-1)).toBe(2000);
    expect(outcome.downloadEvents.some((bytes) => bytes >= 1000 && bytes < 2000)).toBe(true);
    expect(outcome).toMatchObject(settledClean);
  });

  it("as browserStreamBody for streamResponseStatusCodes with enableBrowserStreams, timer held until read", async () => {
    const outcome = await send({
      url: `${origins.page}/bytes?n=5000`,
      streamResponseStatusCodes: [200],
      enableBrowserStreams: true,
      trackDownload: true,
      timeout: 20_000,
    });
    expect(outcome.bodyAsText).toBeUndefined();
    expect(outcome.streamText).toBe("x".repeat(5000));
    expect(outcome.downloadEvents.at(-1)).toBe(5000);
    // The body was still to be read when the response came: the timeout covers it, then is cleared.
    expect(outcome.timersAtResponse).toBe(1);
    expect(outcome).toMatchObject(settledClean);
  });

  it("as browserStreamBody for any status with POSITIVE_INFINITY, cleared when the caller cancels it", async () => {
    const outcome = await send({
      url: `${origins.page}/status?code=404`,
      streamResponseStatusCodes: [Number.POSITIVE_INFINITY],
      enableBrowserStreams: true,
      stream: "cancel",
      timeout: 20_000,
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome).toMatchObject({ status: 404, ...settledClean });
  });

  it("as blobBody for streamResponseStatusCodes without enableBrowserStreams", async () => {
    const outcome = await send({
      url: `${origins.page}/bytes?n=300`,
      streamResponseStatusCodes: [200],
      timeout: 20_000,
    });
    expect(outcome.blobText).toBe("x".repeat(300));
    expect(outcome).toMatchObject(settledClean);
  });
});

describe("the browser transport ends a request", () => {
  it("and clears its timer and abort listener once the body was read", async () => {
    const outcome = await send({ url: `${origins.page}/echo`, timeout: 60_000 });
    expect(outcome).toMatchObject({ status: 200, timersAtResponse: 0, ...settledClean });
  });

  it("with an AbortError when the signal was aborted before sending", async () => {
    const outcome = await send({ url: `${origins.page}/echo`, preAborted: true });
    expect(outcome.error).toMatchObject({ name: "AbortError", isError: true, stage: "send" });
    expect(outcome).toMatchObject(settledClean);
  });

  it("with an AbortError when the caller aborts while waiting for the response", async () => {
    const hit = nextHit("/hold");
    const pending = send({ url: `${origins.page}/hold`, timeout: 60_000 });
    await hit;
    await page.evaluate(() => window.abortPending());
    const outcome = await pending;
    expect(outcome.error).toMatchObject({ name: "AbortError", isError: true, stage: "send" });
    expect(outcome).toMatchObject(settledClean);
  });

  it("with an AbortError from a streamed body when the caller aborts while it is read", async () => {
    const outcome = await send({
      url: `${origins.page}/partial`,
      streamResponseStatusCodes: [200],
      enableBrowserStreams: true,
      abortOnResponse: true,
    });
    expect(outcome).toMatchObject({ status: 200, ...settledClean });
    expect(outcome.error).toMatchObject({ name: "AbortError", stage: "body" });
  });

  it("with an AbortError from blobBody when the caller aborts before the blob was read", async () => {
    const outcome = await send({
      url: `${origins.page}/partial`,
      streamResponseStatusCodes: [200],
      // Progress puts our stream between the body and the Blob: its failure must still read as an abort.
      trackDownload: true,
      abortOnResponse: true,
    });
    expect(outcome).toMatchObject({ status: 200, ...settledClean });
    expect(outcome.error).toMatchObject({ name: "AbortError", stage: "body" });
  });

  it("with an AbortError when no response came within timeout", async () => {
    const outcome = await send({ url: `${origins.page}/hold`, timeout: 300 });
    expect(outcome.error).toMatchObject({ name: "AbortError", isError: true, stage: "send" });
    expect(outcome.error?.message).toMatch(/timed out after 300 ms/);
    expect(outcome).toMatchObject(settledClean);
  });

  it("with an AbortError when the body did not complete within timeout", async () => {
    const outcome = await send({ url: `${origins.page}/partial`, timeout: 300 });
    expect(outcome.error).toMatchObject({ name: "AbortError", stage: "send" });
    expect(outcome).toMatchObject(settledClean);
  });

  it("with an AbortError when the body did not complete within timeout while reporting progress", async () => {
    const outcome = await send({ url: `${origins.page}/partial`, timeout: 300, trackDownload: true });
    expect(outcome.downloadEvents).toEqual([7]);
    expect(outcome.error).toMatchObject({ name: "AbortError", stage: "send" });
    expect(outcome).toMatchObject(settledClean);
  });

  it("with a RestError REQUEST_SEND_ERROR carrying the request when nothing listens", async () => {
    const outcome = await send({ url: closedPortUrl, timeout: 60_000 });
    expect(outcome.error).toMatchObject({
      isRestError: true,
      code: "REQUEST_SEND_ERROR",
      requestUrl: closedPortUrl,
      stage: "send",
    });
    expect(outcome.error?.message).toMatch(/^Error sending request: /);
    expect(outcome).toMatchObject(settledClean);
  });
});
