// The hostile-request suite: each request gets its documented status (docs/gateway.md lists this table),
// and the emulator's journal shows that none of them reached the vault.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toNodeHandler } from "../../src/gateway/node.js";
import { APP_ORIGIN, createGatewayFixture } from "../helpers/gatewayFixture.js";

const fixture = createGatewayFixture({
  allow: {
    operations: [
      "getSecret",
      "setSecret",
      "updateSecretProperties",
      "beginDeleteSecret",
      "listPropertiesOfSecrets",
    ],
    names: /^app-/,
  },
  authorize: ({ request }) => request.headers.get("cookie") === "session=ok",
  origin: APP_ORIGIN,
  rateLimit: false,
});

const V = "api-version=7.6";
const session = { cookie: "session=ok" };
const sameOrigin = { ...session, origin: APP_ORIGIN, "content-type": "application/json" };

/** One hostile request: sent as a Fetch Request to the handler, or as raw HTTP to the Node adapter. */
interface Hostile {
  label: string;
  status: number;
  method?: string;
  /** Path and query below https://app.example, or a full URL. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
  /** Raw HTTP through toNodeHandler: the request line and headers exactly as written. */
  raw?: boolean;
}

const HOSTILE: Hostile[] = [
  // Paths that are not secrets routes, or try to smuggle one.
  { label: "GET /kv/keys/app-one", status: 404, target: `/kv/keys/app-one?${V}` },
  { label: "GET /kv/certificates/app-one", status: 404, target: `/kv/certificates/app-one?${V}` },
  { label: "GET /kv/storage/app-one", status: 404, target: `/kv/storage/app-one?${V}` },
  {
    label: "GET /kv/secrets/../keys/k (resolved by the URL parser)",
    status: 404,
    target: `/kv/secrets/../keys/k?${V}`,
  },
  {
    label: "GET /kv/secrets/%2e%2e/keys/k (resolved by the URL parser)",
    status: 404,
    target: `/kv/secrets/%2e%2e/keys/k?${V}`,
  },
  {
    label: "GET /kv/secrets/app-one%2Fversions (encoded slash)",
    status: 400,
    target: `/kv/secrets/app-one%2Fversions?${V}`,
  },
  { label: "GET /kv/secrets/..%2Fkeys", status: 400, target: `/kv/secrets/..%2Fkeys?${V}` },
  {
    label: "GET /kv/secrets/app%2Done (any percent-encoding)",
    status: 400,
    target: `/kv/secrets/app%2Done?${V}`,
  },
  {
    label: "GET /kv/secrets/app-one;x=1 (matrix parameter)",
    status: 400,
    target: `/kv/secrets/app-one;x=1?${V}`,
  },
  { label: "GET /kv//secrets/app-one (double slash)", status: 400, target: `/kv//secrets/app-one?${V}` },
  { label: "GET /kv/secrets//app-one (double slash)", status: 400, target: `/kv/secrets//app-one?${V}` },
  { label: "GET /kv/secrets/app-one/v1/extra", status: 404, target: `/kv/secrets/app-one/v1/extra?${V}` },
  { label: "GET /secrets/app-one (outside basePath)", status: 404, target: `/secrets/app-one?${V}` },
  {
    label: "GET /kvx/secrets/app-one (basePath prefix only)",
    status: 404,
    target: `/kvx/secrets/app-one?${V}`,
  },
  // Names and versions outside Key Vault's patterns.
  { label: "GET /kv/secrets/app_one (underscore)", status: 400, target: `/kv/secrets/app_one?${V}` },
  { label: "GET /kv/secrets/app-one.txt (dot)", status: 400, target: `/kv/secrets/app-one.txt?${V}` },
  {
    label: "GET /kv/secrets/<128 characters>",
    status: 400,
    target: `/kv/secrets/app-${"a".repeat(124)}?${V}`,
  },
  {
    label: "GET /kv/secrets/app-one/not-a-version",
    status: 400,
    target: `/kv/secrets/app-one/not-a-version?${V}`,
  },
  // Methods the route does not take.
  {
    label: "POST /kv/secrets/app-one",
    status: 405,
    method: "POST",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
  },
  { label: "HEAD /kv/secrets/app-one", status: 405, method: "HEAD", target: `/kv/secrets/app-one?${V}` },
  {
    label: "PUT /kv/secrets (collection)",
    status: 405,
    method: "PUT",
    target: `/kv/secrets?${V}`,
    headers: sameOrigin,
    body: "{}",
  },
  {
    label: "DELETE /kv/secrets/app-one/versions",
    status: 405,
    method: "DELETE",
    target: `/kv/secrets/app-one/versions?${V}`,
  },
  {
    label: "PATCH /kv/deletedsecrets/app-one",
    status: 405,
    method: "PATCH",
    target: `/kv/deletedsecrets/app-one?${V}`,
  },
  // The query.
  {
    label: "api-version=1.0 (not in the allow-list)",
    status: 400,
    target: "/kv/secrets/app-one?api-version=1.0",
  },
  { label: "no api-version", status: 400, target: "/kv/secrets/app-one" },
  { label: "api-version twice", status: 400, target: `/kv/secrets/app-one?${V}&${V}` },
  {
    label: "an unknown query parameter (outContentType)",
    status: 400,
    target: `/kv/secrets/app-one?${V}&outContentType=x`,
  },
  { label: "maxresults=1000", status: 400, target: `/kv/secrets?${V}&maxresults=1000` },
  { label: "maxresults=0", status: 400, target: `/kv/secrets?${V}&maxresults=0` },
  {
    label: "$skiptoken on a single-secret read",
    status: 400,
    target: `/kv/secrets/app-one?${V}&$skiptoken=x`,
  },
  // Not allowed by the allow-list (nothing is unless named).
  {
    label: "GET a name outside the allow-list",
    status: 403,
    target: `/kv/secrets/server-only?${V}`,
    headers: session,
  },
  {
    label: "POST /kv/secrets/app-one/backup (backup not named)",
    status: 403,
    method: "POST",
    target: `/kv/secrets/app-one/backup?${V}`,
    headers: sameOrigin,
  },
  {
    label: "POST /kv/secrets/restore (restore not named)",
    status: 403,
    method: "POST",
    target: `/kv/secrets/restore?${V}`,
    headers: sameOrigin,
    body: '{"value":"AAAA"}',
  },
  {
    label: "DELETE /kv/deletedsecrets/app-one (purge not named)",
    status: 403,
    method: "DELETE",
    target: `/kv/deletedsecrets/app-one?${V}`,
    headers: sameOrigin,
  },
  {
    label: "GET /kv/deletedsecrets (not named)",
    status: 403,
    target: `/kv/deletedsecrets?${V}`,
    headers: session,
  },
  // Cross-site writes.
  {
    label: "PUT with Origin: https://evil.example",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...sameOrigin, origin: "https://evil.example" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with Origin: null (sandboxed frame)",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...sameOrigin, origin: "null" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with Origin: https://app.example.evil.example",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...sameOrigin, origin: "https://app.example.evil.example" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with Sec-Fetch-Site: cross-site and no Origin",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "sec-fetch-site": "cross-site", "content-type": "application/json" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with Sec-Fetch-Site: same-site (a sibling subdomain)",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "sec-fetch-site": "same-site", "content-type": "application/json" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with neither Origin nor Sec-Fetch-Site",
    status: 403,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "content-type": "application/json" },
    body: '{"value":"x"}',
  },
  {
    label: "DELETE with Origin: https://evil.example",
    status: 403,
    method: "DELETE",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, origin: "https://evil.example" },
  },
  {
    label: "OPTIONS preflight from an unlisted origin",
    status: 403,
    method: "OPTIONS",
    target: `/kv/secrets/app-one?${V}`,
    headers: { origin: "https://evil.example", "access-control-request-method": "PUT" },
  },
  // No session.
  { label: "GET without the session cookie", status: 403, target: `/kv/secrets/app-one?${V}` },
  {
    label: "GET with a stolen Authorization header and no session",
    status: 403,
    target: `/kv/secrets/app-one?${V}`,
    headers: { authorization: "Bearer eyJ0eXAi.stolen" },
  },
  // Bodies.
  {
    label: "PUT with a body over 64 KiB",
    status: 413,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: JSON.stringify({ value: "x".repeat(70_000) }),
  },
  {
    label: "PUT with Content-Type: text/plain",
    status: 415,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...sameOrigin, "content-type": "text/plain" },
    body: '{"value":"x"}',
  },
  {
    label: "PUT with a form body (a cross-site form's type)",
    status: 415,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...sameOrigin, "content-type": "application/x-www-form-urlencoded" },
    body: "value=x",
  },
  {
    label: "PUT with invalid JSON",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '{"value":',
  },
  {
    label: "PUT with a JSON array",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '["x"]',
  },
  {
    label: "PUT with a number value",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '{"value":1}',
  },
  {
    label: "PUT with an unknown field",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '{"value":"x","kid":"https://evil"}',
  },
  {
    label: "PUT with a read-only attribute (recoveryLevel)",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '{"value":"x","attributes":{"recoveryLevel":"Purgeable"}}',
  },
  {
    label: "PUT with an empty body",
    status: 400,
    method: "PUT",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: "",
  },
  {
    label: "PATCH that tries to change the value",
    status: 400,
    method: "PATCH",
    target: `/kv/secrets/app-one/?${V}`,
    headers: sameOrigin,
    body: '{"value":"x"}',
  },
  {
    label: "DELETE with a body",
    status: 400,
    method: "DELETE",
    target: `/kv/secrets/app-one?${V}`,
    headers: sameOrigin,
    body: '{"a":1}',
  },
  // Hosts: the upstream is fixed; a request naming another host is misdirected.
  {
    label: "GET https://evil.example/kv/secrets/app-one (another host in the URL)",
    status: 421,
    target: `https://evil.example/kv/secrets/app-one?${V}`,
    headers: session,
  },
  {
    label: "X-Forwarded-Host: evil.example",
    status: 421,
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, "x-forwarded-host": "evil.example" },
  },
  {
    label: "Forwarded: host=evil.example",
    status: 421,
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, forwarded: "for=1.2.3.4;host=evil.example" },
  },
  // Raw request targets, through the Node adapter (a Fetch Request could not carry them).
  {
    label: "raw: GET http://evil.example/kv/secrets/app-one (absolute-form)",
    status: 400,
    raw: true,
    target: `http://evil.example/kv/secrets/app-one?${V}`,
  },
  { label: "raw: OPTIONS * (asterisk-form)", status: 400, raw: true, method: "OPTIONS", target: "*" },
  { label: "raw: GET /kv/secrets/../keys/k", status: 400, raw: true, target: `/kv/secrets/../keys/k?${V}` },
  {
    label: "raw: GET /kv/secrets/%2e%2e/keys/k",
    status: 400,
    raw: true,
    target: `/kv/secrets/%2e%2e/keys/k?${V}`,
  },
  { label: "raw: GET //kv/secrets/app-one", status: 400, raw: true, target: `//kv/secrets/app-one?${V}` },
  {
    label: "raw: GET /kv/secrets\\app-one (backslash)",
    status: 400,
    raw: true,
    target: `/kv/secrets\\app-one?${V}`,
  },
  {
    label: "raw: Host: evil.example",
    status: 421,
    raw: true,
    target: `/kv/secrets/app-one?${V}`,
    headers: { ...session, host: "evil.example" },
  },
];

let server: Server;
let port: number;

beforeAll(async () => {
  await fixture.upstream.setSecret("app-one", "value-one");
  await fixture.upstream.setSecret("server-only", "value-two");
  server = createServer(toNodeHandler(fixture.gateway)).listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
  fixture.emulator.journal.clear();
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends one raw HTTP/1.1 request and returns the status of the answer. */
async function sendRaw(hostile: Hostile): Promise<number> {
  const headers = { host: "app.example", ...hostile.headers, connection: "close" };
  const head = [
    `${hostile.method ?? "GET"} ${hostile.target} HTTP/1.1`,
    ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`),
  ];
  const socket = connect(port, "127.0.0.1");
  socket.end(`${head.join("\r\n")}\r\n\r\n`);
  let text = "";
  for await (const chunk of socket) text += String(chunk);
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
}

async function send(hostile: Hostile): Promise<number> {
  if (hostile.raw) return sendRaw(hostile);
  const url = hostile.target.startsWith("https://") ? hostile.target : `${APP_ORIGIN}${hostile.target}`;
  const response = await fixture.gateway(
    new Request(url, { method: hostile.method ?? "GET", headers: hostile.headers, body: hostile.body }),
  );
  await response.arrayBuffer();
  return response.status;
}

describe("hostile requests", () => {
  it("are at least 40", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE.map((hostile) => [hostile.label, hostile.status, hostile] as const))(
    "%s → %i, and no upstream request",
    async (_, status, hostile) => {
      expect(await send(hostile)).toBe(status);
      expect(fixture.upstreamRequests()).toBe(0);
    },
  );

  it("the same client's ordinary requests do reach the vault (the journal counts them)", async () => {
    const response = await send({
      label: "ok",
      status: 200,
      target: `/kv/secrets/app-one?${V}`,
      headers: session,
    });
    expect(response).toBe(200);
    expect(fixture.upstreamRequests()).toBe(1);
    fixture.emulator.journal.clear();
  });

  it("are listed in docs/gateway.md with the same status", () => {
    const doc = readFileSync(new URL("../../docs/gateway.md", import.meta.url), "utf8");
    for (const hostile of HOSTILE)
      expect(doc).toContain(`| ${hostile.label.replace(/\|/g, "\\|")} | ${hostile.status} | 0 |`);
  });
});
