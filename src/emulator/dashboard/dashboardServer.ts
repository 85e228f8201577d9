// The dashboard's own listener: the page and its files, and the admin API under /api/ behind a per-run
// token. The token travels only in the `Authorization` header (never a cookie, so a cross-site request
// cannot carry it) and is never logged; requests from another origin are refused even with it.
import { randomBytes, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { AdminAnswer, AdminContext, AdminRequest } from "../admin/adminContext.js";
import { openLiveStream, type ActivityFeed } from "../admin/liveStream.js";
import { securityHeaders } from "./securityHeaders.js";
import { staticAsset } from "./staticAssets.js";

/** How the dashboard listens. @internal */
export interface DashboardSetup {
  host: string;
  /** The URL host (`127.0.0.1`, `localhost`, a name from the certificate). */
  urlHost: string;
  /** TLS options to serve HTTPS; plain HTTP without. */
  tls?: https.ServerOptions;
  context: AdminContext;
  feed: ActivityFeed;
  /** Answers an admin request (the admin API; passed in so this file stays a thin listener). */
  handle(context: AdminContext, request: AdminRequest): Promise<AdminAnswer>;
}

/** A listening dashboard. @internal */
export interface RunningDashboard {
  /** The page's URL with the token in its fragment (never sent to a server, so never in a log). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Starts the dashboard listener on a free port of `setup.host`. */
export async function startDashboard(setup: DashboardSetup): Promise<RunningDashboard> {
  const token = randomBytes(32).toString("base64url");
  const expected = Buffer.from(`Bearer ${token}`);
  const scheme = setup.tls ? "https" : "http";
  const listener = (request: http.IncomingMessage, response: http.ServerResponse) => {
    serve(request, response, setup, scheme, expected).catch(() => {
      if (!response.headersSent) response.writeHead(500, securityHeaders());
      response.end();
    });
  };
  const server = setup.tls ? https.createServer(setup.tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, setup.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const origin = `${scheme}://${setup.urlHost}:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  setup: DashboardSetup,
  scheme: string,
  expected: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? "/", `${scheme}://${request.headers.host ?? "localhost"}`);
  const method = request.method ?? "GET";
  if (!url.pathname.startsWith("/api/")) return serveStatic(request, response, url, method);

  // Another origin's page may not drive the API, even if it learnt the token.
  const origin = request.headers.origin;
  const site = request.headers["sec-fetch-site"];
  if ((origin !== undefined && origin !== `${scheme}://${request.headers.host}`) || site === "cross-site") {
    return json(response, 403, { error: "Admin requests are accepted only from the dashboard's own origin" });
  }
  const given = Buffer.from(request.headers.authorization ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    response.setHeader("www-authenticate", 'Bearer realm="keyvault-emulator-dashboard"');
    return json(response, 401, { error: "A valid admin token is needed (Authorization: Bearer <token>)" });
  }
  const segments = url.pathname.slice("/api/".length).split("/").filter(Boolean).map(decodeURIComponent);
  if (segments.length === 1 && segments[0] === "stream" && method === "GET") {
    response.writeHead(200, { ...securityHeaders(), "content-type": "text/event-stream; charset=utf-8" });
    response.flushHeaders();
    openLiveStream(setup.context, setup.feed, {
      write: (chunk) => response.write(chunk),
      onClose: (listener) => response.once("close", listener),
    });
    return;
  }
  const body = await readBody(request);
  if (body === undefined)
    return json(response, 413, { error: `The request body exceeds ${MAX_BODY_BYTES} bytes` });
  const adminRequest: AdminRequest = {
    method,
    segments,
    query: url.searchParams,
    body,
    contentType: request.headers["content-type"] ?? "",
  };
  const answer = await setup.handle(setup.context, adminRequest);
  if (answer.body === undefined) {
    response.writeHead(answer.status, securityHeaders()).end();
    return;
  }
  if (answer.type && typeof answer.body === "string") {
    response.writeHead(answer.status, { ...securityHeaders(), "content-type": answer.type }).end(answer.body);
    return;
  }
  json(response, answer.status, answer.body);
}

function serveStatic(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
  method: string,
): void {
  const asset = staticAsset(url.pathname);
  if (!asset) {
    response.writeHead(404, { ...securityHeaders(), "content-type": "text/plain" }).end("Not found");
    return;
  }
  if (method !== "GET" && method !== "HEAD") {
    response.writeHead(405, { ...securityHeaders(), allow: "GET, HEAD" }).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  const body = gzip ? asset.gzipped : asset.body;
  response.writeHead(200, {
    ...securityHeaders(true),
    "content-type": asset.type,
    "content-length": String(body.length),
    vary: "accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  response.end(method === "HEAD" ? undefined : body);
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { ...securityHeaders(), "content-type": "application/json; charset=utf-8" })
    .end(JSON.stringify(body));
}

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    request.on("error", reject);
  });
}
