// A minimal Key Vault look-alike for the benchmark: fixed JSON for getSecret/setSecret, listing pages generated
// on the fly, and a 401 challenge for requests without the expected bearer token. It does as little as possible
// so that the client process's CPU is what the benchmark measures.
//
// Run: node bench/client/cannedServer.mjs [--list-size 10000] [--token bench-token] [--tls-dir <dir>]
// Prints `CANNED_URI=http://127.0.0.1:<port>` once listening (https with --tls-dir, which holds server.pem and
// server-key.pem); stops on SIGTERM or when stdin closes.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    "list-size": { type: "string", default: "10000" },
    token: { type: "string", default: "bench-token" },
    "tls-dir": { type: "string" },
  },
});
const listSize = Number(args["list-size"]);
const expectedAuthorization = `Bearer ${args.token}`;
const PAGE_SIZE = 25;
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const VERSION = "0123456789abcdef0123456789abcdef";
const CREATED = 1_700_000_000;

let origin = "";
let secretBody = Buffer.alloc(0);
let unauthorizedHeaders = {};
const unauthorizedBody = Buffer.from(
  JSON.stringify({
    error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." },
  }),
);
const notFoundBody = Buffer.from(JSON.stringify({ error: { code: "NotFound", message: "Not found." } }));

function attributes() {
  return {
    enabled: true,
    created: CREATED,
    updated: CREATED,
    recoveryLevel: "Recoverable+Purgeable",
    recoverableDays: 90,
  };
}

/** The fixed SecretBundle both getSecret and setSecret answer with. */
function cannedSecret() {
  return Buffer.from(
    JSON.stringify({
      value: "canned-secret-value-0123456789",
      contentType: "text/plain",
      id: `${origin}/secrets/bench-secret/${VERSION}`,
      attributes: attributes(),
      tags: { purpose: "bench" },
    }),
  );
}

/** One page of `GET /secrets`: items `bench-<offset>`…, with a nextLink until `listSize` items were listed. */
function listPage(searchParams) {
  const offset = Number(searchParams.get("$skiptoken") ?? "0") || 0;
  const requested = Number(searchParams.get("maxresults") ?? PAGE_SIZE) || PAGE_SIZE;
  const end = Math.min(listSize, offset + Math.min(requested, PAGE_SIZE));
  const value = [];
  for (let i = offset; i < end; i++) {
    value.push({ id: `${origin}/secrets/bench-${i}`, attributes: attributes(), tags: { n: String(i) } });
  }
  const nextLink =
    end < listSize
      ? `${origin}/secrets?api-version=${searchParams.get("api-version") ?? "7.6"}&$skiptoken=${end}&maxresults=${end - offset}`
      : null;
  return Buffer.from(JSON.stringify({ value, nextLink }));
}

function send(response, status, body, extraHeaders) {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
    "x-ms-keyvault-service-version": "1.9.0.0",
    ...extraHeaders,
  });
  response.end(body);
}

const tlsDir = args["tls-dir"];
const tlsOptions = tlsDir && {
  cert: readFileSync(join(tlsDir, "server.pem")),
  key: readFileSync(join(tlsDir, "server-key.pem")),
};
const listener = (request, response) => {
  // Drain any request body before answering so keep-alive connections stay usable.
  request.resume();
  request.on("end", () => {
    if (request.headers.authorization !== expectedAuthorization) {
      send(response, 401, unauthorizedBody, unauthorizedHeaders);
      return;
    }
    const url = new URL(request.url, origin);
    const segments = url.pathname.split("/").filter(Boolean);
    if (segments[0] !== "secrets") {
      send(response, 404, notFoundBody);
    } else if (segments.length === 1 && request.method === "GET") {
      send(response, 200, listPage(url.searchParams));
    } else if (request.method === "GET" || request.method === "PUT") {
      send(response, 200, secretBody);
    } else {
      send(response, 404, notFoundBody);
    }
  });
};
const server = tlsOptions ? createTlsServer(tlsOptions, listener) : createServer(listener);
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  origin = `${tlsOptions ? "https" : "http"}://127.0.0.1:${server.address().port}`;
  secretBody = cannedSecret();
  unauthorizedHeaders = {
    "www-authenticate": `Bearer authorization="https://login.microsoftonline.com/${TENANT}", resource="${origin}"`,
  };
  process.stdout.write(`CANNED_URI=${origin}\n`);
});

function stop() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();
