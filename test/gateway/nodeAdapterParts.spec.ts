// The Node adapter answers from the gateway's internal entry (request parts, no undici Request per request).
// It must answer exactly as the Fetch handler does: each request here goes to one server on that path and to
// one serving a wrapped handler (which only has the Fetch path), and the answers are compared.
import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretsGateway } from "../../src/gateway/index.js";
import { toNodeHandler } from "../../src/gateway/node.js";
import { APP_ORIGIN, createGatewayFixture } from "../helpers/gatewayFixture.js";

const seenByAuthorize: { isRequest: boolean; cookie: string | null; body: string }[] = [];
const fixture = createGatewayFixture({
  allow: { operations: ["getSecret", "setSecret", "listPropertiesOfSecrets"], names: /^app-/ },
  authorize: async ({ request }) => {
    seenByAuthorize.push({
      isRequest: request instanceof Request,
      cookie: request.headers.get("cookie"),
      body: request.bodyUsed ? "used" : "unread",
    });
    return request.headers.get("cookie") === "session=ok";
  },
  csrfHeader: "X-Requested-By",
  origin: APP_ORIGIN,
  rateLimit: false,
  maxBodyBytes: 1024,
});

const V = "api-version=7.6";
const session = { cookie: "session=ok" };
const json = { ...session, origin: APP_ORIGIN, "content-type": "application/json" };

interface Case {
  label: string;
  status: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Writes answer new versions: only their status and headers are compared. */
  sameBody?: false;
}

const CASES: Case[] = [
  { label: "get latest", status: 200, path: `/kv/secrets/app-one/?${V}`, headers: session },
  { label: "get without a session", status: 403, path: `/kv/secrets/app-one/?${V}` },
  { label: "get a name not allowed", status: 403, path: `/kv/secrets/server-only?${V}`, headers: session },
  { label: "list (filtered)", status: 200, path: `/kv/secrets?${V}&maxresults=1`, headers: session },
  {
    label: "get with a body",
    status: 400,
    path: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "content-type": "text/plain" },
    body: "hello",
  },
  {
    label: "get, foreign api-version",
    status: 400,
    path: `/kv/secrets/app-one?api-version=1.0`,
    headers: session,
  },
  { label: "get /keys", status: 404, path: `/kv/keys/app-one?${V}`, headers: session },
  { label: "HEAD", status: 405, method: "HEAD", path: `/kv/secrets/app-one?${V}`, headers: session },
  { label: "OPTIONS", status: 403, method: "OPTIONS", path: `/kv/secrets/app-one?${V}`, headers: json },
  {
    label: "X-Forwarded-Host of another host",
    status: 421,
    path: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "x-forwarded-host": "evil.example" },
  },
  {
    label: "set, same origin",
    status: 200,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: json,
    body: '{"value":"v","tags":{"a":"b"}}',
    sameBody: false,
  },
  {
    label: "set, the custom header without Origin",
    status: 200,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: { ...session, "content-type": "application/json", "x-requested-by": "app" },
    body: '{"value":"v"}',
    sameBody: false,
  },
  {
    label: "set, neither Origin nor the custom header",
    status: 403,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: { ...session, "content-type": "application/json" },
    body: '{"value":"v"}',
  },
  {
    label: "set from another origin",
    status: 403,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: { ...json, origin: "https://evil.example" },
    body: '{"value":"v"}',
  },
  {
    label: "set, not JSON",
    status: 415,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: { ...json, "content-type": "text/plain" },
    body: '{"value":"v"}',
  },
  {
    label: "set, malformed JSON",
    status: 400,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: json,
    body: '{"value":',
  },
  {
    label: "set, a body over the limit",
    status: 413,
    method: "PUT",
    path: `/kv/secrets/app-new?${V}`,
    headers: json,
    body: JSON.stringify({ value: "x".repeat(2000) }),
  },
];

// Headers of this hop, not of the gateway's answer (the parts path sends a Content-Length, the Fetch
// path's streamed Response is chunked).
const HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, sent: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: "127.0.0.1", port, method: sent.method ?? "GET", path: sent.path, headers: sent.headers },
      (incoming) => {
        let body = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk: string) => (body += chunk));
        incoming.on("end", () => {
          // Request ids are per request: only their presence is compared.
          const headers = Object.fromEntries(
            Object.entries(incoming.headers)
              .filter(([name]) => !HOP.has(name))
              .map(([name, value]) => [name, name.endsWith("request-id") ? "(id)" : value]),
          );
          resolve({ status: incoming.statusCode ?? 0, headers, body });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(sent.body);
  });
}

async function listen(gateway: SecretsGateway): Promise<[Server, number]> {
  const server = createServer(toNodeHandler(gateway, { origin: APP_ORIGIN })).listen(0, "127.0.0.1");
  await once(server, "listening");
  return [server, (server.address() as AddressInfo).port];
}

let partsServer: Server;
let fetchServer: Server;
let partsPort: number;
let fetchPort: number;

beforeAll(async () => {
  await fixture.upstream.setSecret("app-one", "value-one");
  await fixture.upstream.setSecret("app-two", "value-two");
  await fixture.upstream.setSecret("server-only", "value-three");
  [partsServer, partsPort] = await listen(fixture.gateway);
  // A wrapped handler carries no internal entry: the adapter hands it Fetch Requests.
  [fetchServer, fetchPort] = await listen((request, connection) => fixture.gateway(request, connection));
});

afterAll(async () => {
  partsServer.close();
  fetchServer.close();
  await Promise.all([once(partsServer, "close"), once(fetchServer, "close")]);
});

describe("the Node adapter's parts path", () => {
  it.each(CASES.map((sent) => [sent.label, sent.status, sent] as const))(
    "%s → %i, as the Fetch path answers it",
    async (_, status, sent) => {
      const viaParts = await send(partsPort, sent);
      const viaFetch = await send(fetchPort, sent);
      expect(viaParts.status).toBe(status);
      expect(viaFetch.status).toBe(status);
      expect(viaParts.headers).toEqual(viaFetch.headers);
      if (sent.sameBody !== false) expect(viaParts.body).toBe(viaFetch.body);
    },
  );

  it("gives authorize a Fetch Request with the headers, its body not yet read", async () => {
    seenByAuthorize.length = 0;
    const sent = CASES.find((one) => one.label === "set, same origin")!;
    expect((await send(partsPort, sent)).status).toBe(200);
    expect(seenByAuthorize).toEqual([{ isRequest: true, cookie: "session=ok", body: "unread" }]);
  });
});
