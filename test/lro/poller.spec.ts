import { PollerStoppedError } from "@azure/core-lro";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSecretOperationPoller,
  parseResumeState,
  type SecretOperation,
  type SecretPollState,
} from "../../src/lro/poller.js";
import { captureTimers, settle, type CapturedTimers } from "../helpers/capturedTimers.js";
import { restError, scripted, type ScriptedCall } from "../helpers/scriptedCalls.js";

interface Thing {
  label: string;
  createdOn?: Date;
}

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
});

/**
 * An operation whose status reads after begin come from `fetchStatus`. begin* reads the status once itself;
 * here that read finds the operation still under way (404), so the script is what polling sees.
 * `rawStatus` uses `fetchStatus` for every read, the one in begin included.
 */
function operation(
  fetchStatus: ScriptedCall<Thing>,
  overrides: Partial<SecretOperation<Thing>> = {},
  { rawStatus = false } = {},
): SecretOperation<Thing> {
  let begun = rawStatus;
  return {
    state: { name: "thing" },
    intervalInMs: 2000,
    cancelMessage: "Canceling the thing is not supported.",
    fetchStatus: (options) => {
      if (begun) return fetchStatus(options);
      begun = true;
      return Promise.reject(restError(404, "SecretNotFound"));
    },
    async start(state) {
      state.result = { label: "started" };
    },
    ...overrides,
  };
}

describe("secret operation poller: start", () => {
  it("runs the first request before returning, with the result available at once", async () => {
    const status = scripted<Thing>();
    const poller = await createSecretOperationPoller(operation(status));
    expect(poller.getOperationState().isStarted).toBe(true);
    expect(poller.getOperationState().isCompleted).toBeUndefined();
    expect(poller.getResult()).toEqual({ label: "started" });
    expect(poller.isDone()).toBe(false);
    expect(status.calls).toHaveLength(0);
  });

  it("rejects when the first request fails, so no poller is returned", async () => {
    const start = async (): Promise<void> => {
      throw restError(404, "SecretNotFound");
    };
    await expect(createSecretOperationPoller(operation(scripted(), { start }))).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, "5" as unknown as number])(
    "rejects intervalInMs %s with a RangeError before any request",
    async (intervalInMs) => {
      let started = false;
      const start = async (): Promise<void> => {
        started = true;
      };
      await expect(
        createSecretOperationPoller(operation(scripted(), { intervalInMs, start })),
      ).rejects.toThrow(RangeError);
      expect(started).toBe(false);
    },
  );

  it("passes the begin abort signal to the first request", async () => {
    const controller = new AbortController();
    let seen: unknown;
    const start = async (_: SecretPollState<Thing>, options: { abortSignal?: unknown }): Promise<void> => {
      seen = options.abortSignal;
    };
    await createSecretOperationPoller(operation(scripted(), { start }), { abortSignal: controller.signal });
    expect(seen).toBe(controller.signal);
  });
});

describe("secret operation poller: status rules while polling", () => {
  it("keeps polling on 404 and completes with the first 200 result, waiting intervalInMs in between", async () => {
    timers = captureTimers();
    const status = scripted<Thing>(404, 404, { label: "finished" });
    const poller = await createSecretOperationPoller(operation(status));
    await expect(poller.pollUntilDone()).resolves.toEqual({ label: "finished" });
    expect(status.calls).toHaveLength(3);
    expect(timers.delays).toEqual([2000, 2000]);
    expect(poller.getOperationState()).toMatchObject({ isStarted: true, isCompleted: true });
    expect(poller.isDone()).toBe(true);
  });

  it("treats 403 as done and keeps the result it had", async () => {
    timers = captureTimers();
    const status = scripted<Thing>(404, 403);
    const poller = await createSecretOperationPoller(operation(status));
    await expect(poller.pollUntilDone()).resolves.toEqual({ label: "started" });
    expect(poller.getOperationState().error).toBeUndefined();
    expect(status.calls).toHaveLength(2);
  });

  it.each([401, 402, 405, 409, 500, 503])(
    "fails on %i: pollUntilDone rejects and the state records it",
    async (code) => {
      timers = captureTimers();
      const poller = await createSecretOperationPoller(operation(scripted<Thing>(404, code)));
      const failure = await poller.pollUntilDone().catch((error: unknown) => error);
      expect(failure).toMatchObject({ name: "RestError", statusCode: code });
      expect(poller.getOperationState().error).toBe(failure);
      expect(poller.getOperationState().isCompleted).toBe(true);
      expect(poller.isDone()).toBe(true);
      expect(poller.isStopped()).toBe(true);
      expect(timers.delays).toEqual([2000]);
      await expect(poller.pollUntilDone()).rejects.toBe(failure);
      await expect(poller.poll()).rejects.toBe(failure);
    },
  );

  it("fails on a transport error without a status code", async () => {
    const transport = Object.assign(new Error("connect ECONNREFUSED"), { code: "REQUEST_SEND_ERROR" });
    const poller = await createSecretOperationPoller(operation(scripted<Thing>(transport)));
    await expect(poller.pollUntilDone()).rejects.toBe(transport);
    expect(poller.getOperationState().error).toBe(transport);
  });

  it("sends nothing and never waits once the start completed the operation", async () => {
    timers = captureTimers();
    const status = scripted<Thing>();
    const start = async (state: SecretPollState<Thing>): Promise<void> => {
      state.result = { label: "instant" };
      state.isCompleted = true;
    };
    const poller = await createSecretOperationPoller(operation(status, { start }));
    expect(poller.isDone()).toBe(true);
    await poller.poll();
    await expect(poller.pollUntilDone()).resolves.toEqual({ label: "instant" });
    expect(status.calls).toHaveLength(0);
    expect(timers.delays).toEqual([]);
  });

  it("checks the status at once inside begin: an operation already finished is done when begin resolves", async () => {
    // Issue 24: the official pollers read the status right after the first request. A poller that did not
    // made a caller's `while (!poller.isDone()) { await poller.poll(); await delay(…) }` wait a whole
    // interval on a zero-delay emulator vault, where the official client is done in milliseconds.
    timers = captureTimers("held");
    const status = scripted<Thing>({ label: "finished" });
    const poller = await createSecretOperationPoller(operation(status, {}, { rawStatus: true }));
    expect(status.calls).toHaveLength(1);
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toEqual({ label: "finished" });
    await expect(poller.pollUntilDone()).resolves.toEqual({ label: "finished" });
    expect(status.calls).toHaveLength(1);
    expect(timers.delays).toEqual([]);
  });

  it("checks the status at once inside begin: still under way (404), it is not done and nothing waited", async () => {
    timers = captureTimers("held");
    const status = scripted<Thing>(404, { label: "finished" });
    const poller = await createSecretOperationPoller(operation(status, {}, { rawStatus: true }));
    expect(status.calls).toHaveLength(1);
    expect(poller.isDone()).toBe(false);
    expect(poller.getResult()).toEqual({ label: "started" });
    expect(timers.delays).toEqual([]);
    // pollUntilDone asks again at once, then waits between reads.
    const done = poller.pollUntilDone();
    await settle();
    expect(status.calls).toHaveLength(2);
    await expect(done).resolves.toEqual({ label: "finished" });
    expect(timers.delays).toEqual([]);
  });

  it("rejects at begin when the status read there fails with a status other than 404 or 403", async () => {
    const status = scripted<Thing>(500);
    await expect(
      createSecretOperationPoller(operation(status, {}, { rawStatus: true })),
    ).rejects.toMatchObject({ statusCode: 500 });
  });

  it("is done at begin when the status read there answers 403", async () => {
    const status = scripted<Thing>(403);
    const poller = await createSecretOperationPoller(operation(status, {}, { rawStatus: true }));
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toEqual({ label: "started" });
  });

  it("uses the configured interval, including 0", async () => {
    timers = captureTimers();
    const poller = await createSecretOperationPoller(
      operation(scripted<Thing>(404, 404, 404, { label: "x" }), { intervalInMs: 0 }),
    );
    await poller.pollUntilDone();
    expect(timers.delays).toEqual([0, 0, 0]);
  });
});

describe("secret operation poller: poll and onProgress", () => {
  it("poll() sends one status request and updates the state", async () => {
    const status = scripted<Thing>(404, { label: "done" });
    const poller = await createSecretOperationPoller(operation(status));
    await poller.poll();
    expect(poller.isDone()).toBe(false);
    await poller.poll();
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toEqual({ label: "done" });
    await poller.poll();
    expect(status.calls).toHaveLength(2);
  });

  it("shares one request between concurrent poll() calls", async () => {
    const status = scripted<Thing>({ label: "done" });
    const poller = await createSecretOperationPoller(operation(status));
    await Promise.all([poller.poll(), poller.poll(), poller.poll()]);
    expect(status.calls).toHaveLength(1);
  });

  it("calls onProgress after every status request until unsubscribed", async () => {
    const status = scripted<Thing>(404, 404, { label: "done" });
    const poller = await createSecretOperationPoller(operation(status));
    const seen: Array<boolean | undefined> = [];
    const unsubscribe = poller.onProgress((state) => seen.push(state.isCompleted));
    await poller.poll();
    await poller.poll();
    unsubscribe();
    await poller.poll();
    expect(seen).toEqual([undefined, undefined]);
    expect(poller.isDone()).toBe(true);
  });

  it("shares one loop between concurrent pollUntilDone calls", async () => {
    timers = captureTimers();
    const status = scripted<Thing>(404, { label: "done" });
    const poller = await createSecretOperationPoller(operation(status));
    const results = await Promise.all([poller.pollUntilDone(), poller.pollUntilDone()]);
    expect(results).toEqual([{ label: "done" }, { label: "done" }]);
    expect(status.calls).toHaveLength(2);
  });
});

describe("secret operation poller: stop, abort, cancel", () => {
  it("stopPolling rejects a pending pollUntilDone with PollerStoppedError and leaves it incomplete", async () => {
    timers = captureTimers("held");
    const status = scripted<Thing>(404);
    const poller = await createSecretOperationPoller(operation(status));
    expect(poller.isStopped()).toBe(true);
    const pending = poller.pollUntilDone();
    await settle();
    expect(poller.isStopped()).toBe(false);
    expect(timers.pendingCount()).toBe(1);
    poller.stopPolling();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PollerStoppedError", message: "This poller is already stopped" });
    // The class callers of @azure/keyvault-secrets test against, not a look-alike.
    expect(error).toBeInstanceOf(PollerStoppedError);
    expect(poller.isStopped()).toBe(true);
    expect(poller.getOperationState().isCompleted).toBeUndefined();
    expect(poller.getOperationState().error).toBeUndefined();
    expect(timers.pendingCount()).toBe(0);
    expect(status.calls).toHaveLength(1);
  });

  it("aborting pollUntilDone during the wait rejects with AbortError and stops asking, without failing", async () => {
    timers = captureTimers("held");
    const status = scripted<Thing>(404, { label: "done" });
    const poller = await createSecretOperationPoller(operation(status));
    const controller = new AbortController();
    const pending = poller.pollUntilDone({ abortSignal: controller.signal });
    await settle();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(poller.getOperationState().error).toBeUndefined();
    expect(poller.isDone()).toBe(false);
    expect(poller.isStopped()).toBe(true);
    expect(timers.pendingCount()).toBe(0);
    // Polling again later carries on where it stopped.
    timers.restore();
    timers = captureTimers();
    await expect(poller.pollUntilDone()).resolves.toEqual({ label: "done" });
    expect(status.calls).toHaveLength(2);
  });

  it("aborts the status request in flight when pollUntilDone is aborted", async () => {
    let requestSignal: AbortSignal | undefined;
    const fetchStatus = Object.assign(
      (options: { abortSignal?: unknown } = {}) =>
        new Promise<Thing>((_, reject) => {
          requestSignal = options.abortSignal as AbortSignal;
          requestSignal.addEventListener("abort", () =>
            reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" })),
          );
        }),
      { calls: [] },
    );
    const poller = await createSecretOperationPoller(operation(fetchStatus));
    const controller = new AbortController();
    const pending = poller.pollUntilDone({ abortSignal: controller.signal });
    await settle();
    expect(requestSignal?.aborted).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(requestSignal?.aborted).toBe(true);
    expect(poller.getOperationState().error).toBeUndefined();
  });

  it("rejects at once for an already aborted signal, without a request", async () => {
    const status = scripted<Thing>();
    const poller = await createSecretOperationPoller(operation(status));
    await expect(poller.pollUntilDone({ abortSignal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    await settle();
    expect(status.calls).toHaveLength(0);
  });

  it("cancelOperation rejects: the service cannot cancel", async () => {
    const poller = await createSecretOperationPoller(operation(scripted()));
    await expect(poller.cancelOperation()).rejects.toThrow("Canceling the thing is not supported.");
    expect(poller.getOperationState().isCancelled).toBeUndefined();
  });
});

describe("secret operation poller: toString and resumeFrom", () => {
  it('serializes the state as {"state":{…}} JSON', async () => {
    const poller = await createSecretOperationPoller(operation(scripted()));
    expect(JSON.parse(poller.toString())).toEqual({
      state: { name: "thing", isStarted: true, result: { label: "started" } },
    });
  });

  it("keeps only the name, message and codes of an error", async () => {
    const poller = await createSecretOperationPoller(operation(scripted<Thing>(500)));
    await poller.poll().catch(() => undefined);
    const saved = JSON.parse(poller.toString()) as { state: { error: unknown } };
    expect(saved.state.error).toEqual({
      name: "RestError",
      message: "The service answered 500.",
      statusCode: 500,
      code: "Status500",
    });
  });

  it("parses a saved state, takes the current name and turns dates back into Dates", () => {
    const createdOn = new Date("2026-01-02T03:04:05Z");
    const saved = JSON.stringify({
      state: { name: "old", isStarted: true, result: { label: "x", createdOn } },
    });
    const state = parseResumeState<Thing>(saved, "new");
    expect(state).toEqual({ name: "new", isStarted: true, result: { label: "x", createdOn } });
    expect(state.result?.createdOn).toBeInstanceOf(Date);
  });

  it.each(["", "not json", "null", "[]", '{"state":5}', '{"other":{}}'])(
    "rejects %j as resumeFrom with a TypeError",
    (resumeFrom) => {
      expect(() => parseResumeState(resumeFrom, "thing")).toThrow(TypeError);
    },
  );

  it("restores a saved failure as an Error that pollUntilDone rejects with", async () => {
    const saved =
      '{"state":{"isStarted":true,"isCompleted":true,"error":{"name":"RestError","message":"m","statusCode":500}}}';
    const poller = await createSecretOperationPoller(
      operation(scripted(), { state: parseResumeState(saved, "t") }),
    );
    await expect(poller.pollUntilDone()).rejects.toMatchObject({ message: "m", statusCode: 500 });
  });
});
