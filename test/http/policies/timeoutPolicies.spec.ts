import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { describe, expect, it, vi } from "vitest";
import { environmentNoProxyList } from "../../../src/http/transport/loopbackProxyBypass.js";
import { keyVaultRetryPolicy } from "../../../src/http/policies/retryPolicy.js";
import { DEFAULT_TRY_TIMEOUT_MS } from "../../../src/http/policies/timeoutPolicies.js";

/** The client's retry policy, which bounds each try, without retries unless asked. */
const bounded = (options: { maxRetries?: number; retryDelayInMs?: number; tryTimeoutInMs?: number } = {}) =>
  keyVaultRetryPolicy({ maxRetries: 0, ...options });

/**
 * A transport that never answers and honours the request's `timeout` and `abortSignal` as core's clients do
 * (an AbortError), with timers that fire only when the test says.
 */
function silentTransport() {
  const timeouts: Array<{ ms: number; fire: () => void }> = [];
  const send = (request: PipelineRequest): Promise<PipelineResponse> =>
    new Promise((_, reject) => {
      const abort = () =>
        reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" }));
      request.abortSignal?.addEventListener("abort", abort);
      if (request.timeout > 0) timeouts.push({ ms: request.timeout, fire: abort });
    });
  return { send, timeouts };
}

const answered = (request: PipelineRequest): Promise<PipelineResponse> =>
  Promise.resolve({ status: 200, headers: createHttpHeaders(), request });

describe("the per-try bound (retry policy + transport)", () => {
  it("bounds each try by 30 s by default, and its error names the bound and how to change it", async () => {
    expect(DEFAULT_TRY_TIMEOUT_MS).toBe(30_000);
    const transport = silentTransport();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/secrets/s" });
    const pending = bounded().sendRequest(request, transport.send);
    expect(transport.timeouts.map((timeout) => timeout.ms)).toEqual([30_000]);
    transport.timeouts[0]!.fire();
    await expect(pending).rejects.toMatchObject({
      name: "RestError",
      code: "ETIMEDOUT",
      message:
        "No response from https://myvault.vault.azure.net: timed out after 30 s, the per-try timeout " +
        "(retried). Change it with retryOptions.tryTimeoutInMs (0 = off) or requestOptions.timeout.",
    });
    // The request is left as it came, for the next try.
    expect(request.timeout).toBe(0);
  });

  it("asks the transport for the bound only during the try, and not at all with 0", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    const seen: number[] = [];
    const recording = (sent: PipelineRequest) => (seen.push(sent.timeout), answered(sent));
    await bounded({ tryTimeoutInMs: 1_000 }).sendRequest(request, recording);
    expect(request.timeout).toBe(0);
    await bounded({ tryTimeoutInMs: 0 }).sendRequest(request, recording);
    expect(seen).toEqual([1_000, 0]);
  });

  it("uses the call's requestOptions.timeout instead, with core's meaning: an AbortError", async () => {
    const transport = silentTransport();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/", timeout: 2_000 });
    const pending = bounded().sendRequest(request, transport.send);
    expect(transport.timeouts.map((timeout) => timeout.ms)).toEqual([2_000]);
    transport.timeouts[0]!.fire();
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message:
        "No response from https://myvault.vault.azure.net: timed out after 2 s " +
        "(requestOptions.timeout: 2000, not retried).",
    });
    expect(request.timeout).toBe(2_000);
  });

  it("passes the caller's abort through with its own error", async () => {
    const transport = silentTransport();
    const controller = new AbortController();
    const request = createPipelineRequest({
      url: "https://myvault.vault.azure.net/",
      abortSignal: controller.signal,
    });
    const pending = bounded().sendRequest(request, transport.send);
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message: "The operation was aborted.",
    });
  });

  it("retries a try that ran out of time with a fresh bound", async () => {
    const transport = silentTransport();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    const pending = bounded({ maxRetries: 1, retryDelayInMs: 0, tryTimeoutInMs: 500 }).sendRequest(
      request,
      transport.send,
    );
    transport.timeouts[0]!.fire();
    await vi.waitFor(() => expect(transport.timeouts).toHaveLength(2));
    transport.timeouts[1]!.fire();
    await expect(pending).rejects.toMatchObject({ code: "ETIMEDOUT" });
    expect(transport.timeouts.map((timeout) => timeout.ms)).toEqual([500, 500]);
  });

  it("leaves other transport errors alone", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    await expect(bounded().sendRequest(request, () => Promise.reject(reset))).rejects.toBe(reset);
  });
});

describe("environmentNoProxyList", () => {
  it("is NO_PROXY (or no_proxy) as core reads it, plus the loopback hosts", () => {
    expect(environmentNoProxyList({ NO_PROXY: " a.example, .b.example ,," })).toEqual([
      "a.example",
      ".b.example",
      "localhost",
      ".localhost",
      "127.0.0.1",
      "[::1]",
    ]);
    expect(environmentNoProxyList({ no_proxy: "c.example" })[0]).toBe("c.example");
    expect(environmentNoProxyList({})).toEqual(["localhost", ".localhost", "127.0.0.1", "[::1]"]);
  });
});
