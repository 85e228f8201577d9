// `run --watch --events-listen [HOST:]PORT`: an Event Grid webhook endpoint. It answers the subscription
// validation handshake (Event Grid schema: the SubscriptionValidationEvent's code; CloudEvents: the OPTIONS
// request) and reports each Key Vault secret event so that `run` re-resolves at once instead of at the next
// poll. Events carry names and versions, never values.
import * as http from "node:http";
import { parseEvents } from "../model/eventGrid.js";

/** A secret event as the watcher needs it. */
export interface SecretEvent {
  name: string;
  vaultName: string | undefined;
  idHost: string | undefined;
}

// Deliveries are small (Event Grid batches are at most 1 MB); a bigger body is refused.
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Listens on `address` (`PORT` means 127.0.0.1:PORT).
 * @returns the server, listening.
 */
export async function listenForEvents(
  address: string,
  onEvents: (events: SecretEvent[]) => void,
  warn: (line: string) => void,
): Promise<http.Server> {
  const match = /^(?:(.+):)?(\d{1,5})$/.exec(address);
  if (!match || Number(match[2]) > 65535) {
    throw new Error(`--events-listen needs [HOST:]PORT (got "${address}")`);
  }
  const host = (match[1] ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
  const server = http.createServer((request, response) => {
    if (request.method === "OPTIONS") {
      // CloudEvents webhook validation (abuse protection).
      const origin = request.headers["webhook-request-origin"];
      response.writeHead(200, {
        "WebHook-Allowed-Origin": typeof origin === "string" ? origin : "*",
        "WebHook-Allowed-Rate": "*",
      });
      response.end();
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413).end();
        return;
      }
      let parsed;
      try {
        parsed = parseEvents(Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        warn(`ignored an event delivery: ${(error as Error).message}`);
        response.writeHead(400).end();
        return;
      }
      const validation = parsed.find((event) => event.type === "validation");
      if (validation?.type === "validation") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ validationResponse: validation.code }));
        return;
      }
      const secrets: SecretEvent[] = [];
      for (const event of parsed) {
        if (event.type === "secret") {
          secrets.push({ name: event.name, vaultName: event.vaultName, idHost: event.idHost });
        }
      }
      response.writeHead(200).end();
      if (secrets.length > 0) onEvents(secrets);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(match[2]), host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.unref();
  return server;
}
