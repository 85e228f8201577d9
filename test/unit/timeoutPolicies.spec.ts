import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { environmentNoProxyList } from "../../src/http/loopbackProxyBypass.js";
import { DEFAULT_TRY_TIMEOUT_MS, tryTimeoutPolicy, type TryTimers } from "../../src/http/timeoutPolicies.js";

/** Timers that record what is scheduled and fire only when told. */
function heldTimers() {
  const scheduled: Array<{ ms: number; fire: () => void; cleared: boolean }> = [];
  const timers: TryTimers = {
    setTimeout(callback, ms) {
      const timer = { ms, fire: callback, cleared: false };
      scheduled.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, scheduled };
}

/** A transport that never answers until its abort signal fires, then rejects as core's clients do. */
function neverAnswers(request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> {
  return new Promise((_, reject) => {
    request.abortSignal!.addEventListener("abort", () =>
      reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" })),
    );
  });
}

describe("tryTimeoutPolicy", () => {
  it("bounds each try by 30 s by default, and its error names the bound and how to change it", async () => {
    expect(DEFAULT_TRY_TIMEOUT_MS).toBe(30_000);
    const { timers, scheduled } = heldTimers();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/secrets/s" });
    const pending = tryTimeoutPolicy(undefined, timers).sendRequest(request, neverAnswers);
    expect(scheduled.map((timer) => timer.ms)).toEqual([30_000]);
    scheduled[0].fire();
    await expect(pending).rejects.toMatchObject({
      name: "RestError",
      code: "ETIMEDOUT",
      message:
        "No response from https://myvault.vault.azure.net: timed out after 30 s, the per-try timeout " +
        "(retried). Change it with retryOptions.tryTimeoutInMs (0 = off) or requestOptions.timeout.",
    });
    // The request is left as it came, for the next try.
    expect(request.abortSignal).toBeUndefined();
    expect(request.timeout).toBe(0);
  });

  it("clears its timer when the response arrives, and is off with 0", async () => {
    const { timers, scheduled } = heldTimers();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    const response = { status: 200, headers: createHttpHeaders(), request };
    await tryTimeoutPolicy(1_000, timers).sendRequest(request, async () => response);
    expect(scheduled).toMatchObject([{ ms: 1_000, cleared: true }]);
    await tryTimeoutPolicy(0, timers).sendRequest(request, async () => response);
    expect(scheduled).toHaveLength(1);
  });

  it("uses the call's requestOptions.timeout instead, with core's meaning: an AbortError", async () => {
    const { timers, scheduled } = heldTimers();
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/", timeout: 2_000 });
    const pending = tryTimeoutPolicy(undefined, timers).sendRequest(request, neverAnswers);
    expect(scheduled.map((timer) => timer.ms)).toEqual([2_000]);
    scheduled[0].fire();
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message:
        "No response from https://myvault.vault.azure.net: timed out after 2 s " +
        "(requestOptions.timeout: 2000, not retried).",
    });
    expect(request.timeout).toBe(2_000);
  });

  it("passes the caller's abort through with its own error", async () => {
    const { timers } = heldTimers();
    const controller = new AbortController();
    const request = createPipelineRequest({
      url: "https://myvault.vault.azure.net/",
      abortSignal: controller.signal,
    });
    const pending = tryTimeoutPolicy(undefined, timers).sendRequest(request, neverAnswers);
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message: "The operation was aborted.",
    });
    expect(request.abortSignal).toBe(controller.signal);
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
