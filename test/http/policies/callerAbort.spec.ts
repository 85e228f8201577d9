// The caller's own abort is never taken for the per-try bound running out: the transport's AbortError
// reaches the caller as it is, not reworded as a timeout (and never retried as one).
import {
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { keyVaultRetryPolicy } from "../../../src/http/policies/retryPolicy.js";
import { explainTimeout } from "../../../src/http/policies/timeoutPolicies.js";

const url = "https://myvault.vault.azure.net/secrets/s";

/** A transport that answers nothing and rejects with `error` when the caller aborts. */
function abortableTransport(error: Error) {
  let sends = 0;
  const send = (request: PipelineRequest): Promise<PipelineResponse> =>
    new Promise((_, reject) => {
      sends++;
      request.abortSignal?.addEventListener("abort", () => reject(error), { once: true });
    });
  return { send, sends: () => sends };
}

const transportAbortError = () =>
  Object.assign(new Error("The operation was aborted by the caller."), { name: "AbortError" });

describe("the caller's abort under a per-try bound", () => {
  it.each([
    { case: "the client's default bound", timeout: 0 },
    { case: "the call's requestOptions.timeout", timeout: 2_000 },
  ])("rejects with the transport's own AbortError under $case, after one try", async ({ timeout }) => {
    const controller = new AbortController();
    const request = createPipelineRequest({ url, timeout, abortSignal: controller.signal });
    const aborted = transportAbortError();
    const transport = abortableTransport(aborted);
    const pending = keyVaultRetryPolicy({ maxRetries: 3 }).sendRequest(request, transport.send);

    controller.abort();

    await expect(pending).rejects.toBe(aborted);
    expect(transport.sends()).toBe(1);
    expect(request.timeout).toBe(timeout);
  });

  it("is returned as it is by explainTimeout, with or without the call's timeout", () => {
    const controller = new AbortController();
    controller.abort();
    const request = createPipelineRequest({ url, abortSignal: controller.signal });
    const aborted = transportAbortError();
    expect(explainTimeout(aborted, request, 0, 30_000)).toBe(aborted);
    expect(explainTimeout(aborted, request, 2_000, 2_000)).toBe(aborted);
  });
});
