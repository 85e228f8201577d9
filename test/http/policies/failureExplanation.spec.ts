// How failures are worded for the caller: a call's own AbortSignal.timeout says it timed out and after how
// long, a transport error gets advice for its code (Node), and the per-try bound only names errors that are
// really its own.
import { createPipelineRequest, RestError, type PipelineRequest } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { networkErrorAdvice } from "../../../src/http/policies/networkErrorAdvice.js";
import {
  explainTimeout,
  failureExplanationPolicy,
  tryBoundInMs,
} from "../../../src/http/policies/timeoutPolicies.js";

afterEach(() => vi.useRealTimers());

const VAULT = "https://myvault.vault.azure.net";

const abortError = () => Object.assign(new Error("The operation was aborted."), { name: "AbortError" });

/** Sends a request through the policy to a `next` that fails with `error` after `elapsedMs`. */
async function failing(
  error: unknown,
  options: {
    advise?: Parameters<typeof failureExplanationPolicy>[0];
    signal?: AbortSignal;
    elapsedMs?: number;
  },
) {
  vi.useFakeTimers({ toFake: ["Date"] });
  const request = createPipelineRequest({
    url: `${VAULT}/secrets/db?api-version=7.6`,
    abortSignal: options.signal,
  });
  const next = async (_request: PipelineRequest) => {
    vi.setSystemTime(Date.now() + (options.elapsedMs ?? 0));
    throw error;
  };
  return failureExplanationPolicy(options.advise)
    .sendRequest(request, next)
    .then(
      () => ({ caught: undefined }),
      (caught: unknown) => ({ caught }),
    );
}

describe("failureExplanationPolicy: the call's own AbortSignal.timeout", () => {
  it("says the call timed out, after how long, and stays an AbortError", async () => {
    const controller = new AbortController();
    controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
    const { caught } = await failing(abortError(), { signal: controller.signal, elapsedMs: 4_140 });
    expect(caught).toMatchObject({
      name: "AbortError",
      message: `No response from ${VAULT}: timed out after 4.1 s (abortSignal: TimeoutError).`,
    });
  });

  it("leaves an abort for another reason as it is", async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = abortError();
    expect((await failing(aborted, { signal: controller.signal })).caught).toBe(aborted);
  });

  it("leaves a failure that is not an AbortError as it is, though the signal timed out", async () => {
    const controller = new AbortController();
    controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
    const reset = new RestError("socket hang up", { code: "ECONNRESET" });
    const { caught } = await failing(reset, { signal: controller.signal });
    expect(caught).toBe(reset);
    expect((caught as Error).message).toBe("socket hang up");
  });
});

describe("failureExplanationPolicy: advice for transport errors", () => {
  it("adds the advice for the error's code, with the origin and the time taken, and keeps the error", async () => {
    const refused = new RestError("connect ECONNREFUSED 127.0.0.1:443", { code: "ECONNREFUSED" });
    const { caught } = await failing(refused, { advise: networkErrorAdvice, elapsedMs: 2_000 });
    expect(caught).toBe(refused);
    expect(refused.message).toBe(
      `connect ECONNREFUSED 127.0.0.1:443. Nothing accepted the connection to ${VAULT} (refused, 2 s with ` +
        "retries): check the vault URL and port, and that the server (or the emulator) is running.",
    );
  });

  it("leaves the message alone when there is no advice for the code, or no advice at all (browsers)", async () => {
    const reset = new RestError("socket hang up", { code: "ECONNRESET" });
    await failing(reset, { advise: networkErrorAdvice });
    await failing(reset, {});
    expect(reset.message).toBe("socket hang up");
  });

  it("rethrows what is not an Error untouched", async () => {
    const advise = vi.fn(() => "some advice");
    expect((await failing("a string", { advise })).caught).toBe("a string");
    expect((await failing(undefined, { advise })).caught).toBeUndefined();
    expect(advise).toHaveBeenCalledWith(undefined, VAULT, "0 s");
  });
});

describe("networkErrorAdvice", () => {
  it("names the unresolvable host and how a vault URL looks", () => {
    expect(networkErrorAdvice("ENOTFOUND", VAULT, "1 s")).toBe(
      `The host of ${VAULT} does not resolve: check the vault URL / name (a vault named "myvault" is https://myvault.vault.azure.net). Not retried.`,
    );
  });

  it.each([
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_UNTRUSTED",
  ])("explains an untrusted certificate (%s) and how to trust one", (code) => {
    const advice = networkErrorAdvice(code, VAULT, "1 s");
    expect(advice).toMatch(
      new RegExp(`^Node does not trust the TLS certificate of ${VAULT}\\. For the local emulator`),
    );
    expect(advice).toContain("Do not set NODE_TLS_REJECT_UNAUTHORIZED=0.");
  });

  it.each([undefined, "", "ECONNRESET", "CERT_HAS_EXPIRED"])("has nothing to say about %j", (code) => {
    expect(networkErrorAdvice(code, VAULT, "1 s")).toBeUndefined();
  });
});

describe("the per-try bound's edges", () => {
  it("is off (0) when the client's bound is 0 or negative", () => {
    expect(tryBoundInMs(0, 0)).toBe(0);
    expect(tryBoundInMs(0, -1)).toBe(0);
    expect(tryBoundInMs(0, 1)).toBe(1);
    expect(tryBoundInMs(5, -1)).toBe(5);
  });

  it("does not claim an AbortError while no bound was set", () => {
    const request = createPipelineRequest({ url: VAULT });
    const aborted = abortError();
    expect(explainTimeout(aborted, request, 0, 0)).toBe(aborted);
  });

  it("passes what is not an Error through", () => {
    const request = createPipelineRequest({ url: VAULT });
    expect(explainTimeout(undefined, request, 0, 30_000)).toBeUndefined();
    expect(explainTimeout(null, request, 0, 30_000)).toBeNull();
  });
});
