// A gateway in front of an in-process emulator, and a page-side SecretClient that reaches the gateway
// through a Fetch Request/Response bridge (no sockets): what a browser page does, in one process.
import type { TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, type HttpClient } from "@azure/core-rest-pipeline";
import { createEmulatorHttpClient, type EmulatorHttpClient } from "../../src/emulator/index.js";
import {
  createSecretsGateway,
  type SecretsGateway,
  type SecretsGatewayPolicy,
} from "../../src/gateway/index.js";
import { SecretClient } from "../../src/index.js";

/** The gateway's public origin in these tests, and the page's vault URL (the gateway at /kv). */
export const APP_ORIGIN = "https://app.example";
export const PAGE_VAULT_URL = `${APP_ORIGIN}/kv`;

/** A page credential that fails the test if it is ever asked for a token. */
export const pageCredential: TokenCredential & { calls: number } = {
  calls: 0,
  getToken() {
    pageCredential.calls += 1;
    throw new Error("The page's credential must never be asked for a token.");
  },
};

/** An HttpClient that hands each request to `gateway` as a Fetch Request, with `extraHeaders` added. */
export function fetchBridge(gateway: SecretsGateway, extraHeaders: Record<string, string> = {}): HttpClient {
  return {
    async sendRequest(request) {
      const headers = new Headers({ ...request.headers.toJSON(), ...extraHeaders });
      const fetchRequest = new Request(request.url, {
        method: request.method,
        headers,
        body: typeof request.body === "string" ? request.body : undefined,
      });
      const response = await gateway(fetchRequest, { clientAddress: "203.0.113.7" });
      return {
        request,
        status: response.status,
        headers: createHttpHeaders(Object.fromEntries(response.headers)),
        bodyAsText: await response.text(),
      };
    },
  };
}

/** An emulator, the server-side client holding its identity, a gateway at /kv, and page clients. */
export interface GatewayFixture {
  emulator: EmulatorHttpClient;
  /** The server-side client (seeds data; the gateway's upstream). */
  upstream: SecretClient;
  gateway: SecretsGateway;
  /** A page client as a same-origin browser page would send (Origin: the app's). */
  page: SecretClient;
  /** A page client with other headers (another origin, no session, …). */
  pageWith(headers: Record<string, string>): SecretClient;
  /** Upstream requests the emulator journalled since the last `emulator.journal.clear()`. */
  upstreamRequests(): number;
}

export function createGatewayFixture(policy: SecretsGatewayPolicy): GatewayFixture {
  const emulator = createEmulatorHttpClient();
  const upstream = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  const gateway = createSecretsGateway({ client: upstream, basePath: "/kv", ...policy });
  const pageWith = (headers: Record<string, string>): SecretClient =>
    new SecretClient(PAGE_VAULT_URL, pageCredential, {
      httpClient: fetchBridge(gateway, headers),
      retryOptions: { maxRetries: 0 },
    });
  return {
    emulator,
    upstream,
    gateway,
    page: pageWith({ origin: APP_ORIGIN }),
    pageWith,
    upstreamRequests: () => emulator.journal.entries().length,
  };
}
