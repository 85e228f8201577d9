import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";
import {
  createEmulatorHttpClient,
  type EmulatorHttpClient,
  type EmulatorHttpClientOptions,
} from "../../src/emulator/index.js";
import { SecretClient, type SecretClientOptions } from "../../src/index.js";

/** One request as it reached the transport, after every pipeline policy. */
export interface SentRequest {
  method: string;
  url: URL;
  /** The Authorization header, if any (tests only check its presence and scheme). */
  authorization: string | undefined;
  /** The body as text ("" when bodiless). */
  body: string;
  /** The raw request, for header checks. */
  request: PipelineRequest;
}

/** A SecretClient wired to an in-process emulator through a transport that records every request. */
export interface ClientFixture {
  emulator: EmulatorHttpClient;
  client: SecretClient;
  /** Every request sent by clients made by this fixture, oldest first. */
  sent: SentRequest[];
  /** The recording transport in front of the emulator (give it to other clients as `httpClient`). */
  httpClient: HttpClient;
  /** A new client on the same emulator and recording transport. */
  newClient(options?: SecretClientOptions, credential?: TokenCredential): SecretClient;
}

function bodyText(body: PipelineRequest["body"]): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return "[non-text body]";
}

/**
 * Creates an emulator and a client for one test. Polling and retries still use real timers: tests that
 * let them wait capture the timers (see capturedTimers.ts) and pollers use `intervalInMs: 0`.
 */
export function createClientFixture(
  clientOptions: SecretClientOptions = {},
  emulatorOptions: EmulatorHttpClientOptions = {},
): ClientFixture {
  const emulator = createEmulatorHttpClient(emulatorOptions);
  const sent: SentRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest(request) {
      sent.push({
        method: request.method,
        url: new URL(request.url),
        authorization: request.headers.get("authorization"),
        body: bodyText(request.body),
        request,
      });
      return emulator.sendRequest(request);
    },
  };
  const newClient = (options: SecretClientOptions = {}, credential = emulator.credential): SecretClient =>
    new SecretClient(emulator.vaultUrl, credential, { httpClient, ...options });
  return { emulator, client: newClient(clientOptions), sent, httpClient, newClient };
}

let counter = 0;
/** A secret name unique within the test run (the emulator is fresh per fixture, but names read better). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Collects an async iterable into an array (bounded, so a broken pager cannot hang a test). */
export async function collect<T>(iterable: AsyncIterable<T>, limit = 10_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length > limit) throw new Error(`more than ${limit} items`);
  }
  return out;
}
