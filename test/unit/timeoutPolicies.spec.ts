import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { environmentNoProxyList } from "../../src/http/loopbackProxyBypass.js";
import { DEFAULT_TRY_TIMEOUT_MS, tryTimeoutPolicy } from "../../src/http/timeoutPolicies.js";

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

describe("tryTimeoutPolicy", () => {
  it("bounds each try by 30 s by default, and its error names the bound and how to change it", async () => {
    expect(DEFAULT_TRY_TIMEOUT_MS).toBe(30_000);
    const transport = silentTransport();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/secrets/s" });
    const pending = tryTimeoutPolicy().sendRequest(request, transport.send);
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
    await tryTimeoutPolicy(1_000).sendRequest(request, recording);
    expect(request.timeout).toBe(0);
    await tryTimeoutPolicy(0).sendRequest(request, recording);
    expect(seen).toEqual([1_000, 0]);
  });

  it("uses the call's requestOptions.timeout instead, with core's meaning: an AbortError", async () => {
    const transport = silentTransport();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/", timeout: 2_000 });
    const pending = tryTimeoutPolicy().sendRequest(request, transport.send);
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
    const pending = tryTimeoutPolicy().sendRequest(request, transport.send);
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message: "The operation was aborted.",
    });
  });

  it("leaves other transport errors alone", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    await expect(tryTimeoutPolicy().sendRequest(request, () => Promise.reject(reset))).rejects.toBe(reset);
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
