// Raw requests to an in-process emulator (no SecretClient), for checking the runtime pipeline itself.
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import type { EmulatorHttpClient } from "../../src/emulator/index.js";

/** Options of {@link send}. */
export interface RawRequestOptions {
  body?: string;
  headers?: Record<string, string>;
  /** Send a valid bearer token for the vault (default true). */
  authorized?: boolean;
  abortSignal?: AbortSignal;
  timeout?: number;
}

/** Sends `method path` (path includes the query) to the emulator and returns the raw response. */
export async function send(
  emulator: EmulatorHttpClient,
  method: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<PipelineResponse> {
  const headers = createHttpHeaders(options.headers);
  if (options.authorized ?? true) {
    const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
    headers.set("authorization", `Bearer ${token}`);
  }
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const request = createPipelineRequest({
    url: `${emulator.vaultUrl}${path}`,
    method: method as "GET",
    headers,
    body: options.body,
    abortSignal: options.abortSignal,
    timeout: options.timeout,
  });
  return emulator.sendRequest(request);
}

/** The parsed JSON body of a response. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index into arbitrary JSON
export function json(response: PipelineResponse): any {
  return JSON.parse(response.bodyAsText ?? "");
}
