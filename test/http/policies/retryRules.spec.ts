// The client's retry rules at the edges: which transport errors and statuses are retried, how retry headers
// that are blank, negative or dates are read, the jitter, a streamed body let go before the retry, and the
// caller's abort.
import { PassThrough } from "node:stream";
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keyVaultRetryPolicy, retryDelayInMs } from "../../../src/http/policies/retryPolicy.js";
import { captureTimers, type CapturedTimers } from "../../helpers/capturedTimers";
import { captureAzureLogs } from "../../helpers/logCapture";

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const url = "https://myvault.vault.azure.net/secrets/s";

type Answer = { status: number; headers?: Record<string, string> } | { code: string } | PipelineResponse;

/** A `next` that answers with `answers` in turn (a status, a transport error code, or a whole response). */
function scripted(...answers: Answer[]) {
  const sent: PipelineRequest[] = [];
  const next = async (request: PipelineRequest): Promise<PipelineResponse> => {
    sent.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error("unexpected try");
    if ("code" in answer) throw new RestError(`failed: ${answer.code}`, { code: answer.code, request });
    if ("request" in answer) return answer;
    return { status: answer.status, headers: createHttpHeaders(answer.headers), request };
  };
  return { next, sent };
}

async function run(options: Parameters<typeof keyVaultRetryPolicy>[0], ...answers: Answer[]) {
  timers = captureTimers();
  const transport = scripted(...answers);
  const request = createPipelineRequest({ url });
  const outcome = await keyVaultRetryPolicy({ retryDelayInMs: 1000, ...options })
    .sendRequest(request, transport.next)
    .then(
      (response) => ({ status: response.status }),
      (error: RestError) => ({ error: error.code ?? error.name }),
    );
  return { outcome, tries: transport.sent.length, delays: timers.delays };
}

describe("keyVaultRetryPolicy: connection errors", () => {
  it.each([
    "ETIMEDOUT",
    "ESOCKETTIMEDOUT",
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOENT",
    "EPIPE",
    "REQUEST_SEND_ERROR",
  ])("retries %s", async (code) => {
    const { outcome, tries } = await run({ maxRetries: 1 }, { code }, { status: 200 });
    expect({ outcome, tries }).toEqual({ outcome: { status: 200 }, tries: 2 });
  });

  it.each(["ENOTFOUND", "ERR_TLS_CERT_ALTNAME_INVALID"])("does not retry %s", async (code) => {
    const { outcome, tries } = await run({ maxRetries: 3 }, { code });
    expect({ outcome, tries }).toEqual({ outcome: { error: code }, tries: 1 });
  });

  it("does not retry a RestError without a code or a response", async () => {
    timers = captureTimers();
    const failure = new RestError("deserialization failed");
    const next = vi.fn(() => Promise.reject(failure));
    const request = createPipelineRequest({ url });
    await expect(keyVaultRetryPolicy({ maxRetries: 3 }).sendRequest(request, next)).rejects.toBe(failure);
    expect(next).toHaveBeenCalledTimes(1);
  });
});

describe("keyVaultRetryPolicy: statuses", () => {
  it.each([501, 505, 400, 404])("does not retry %i", async (status) => {
    const { outcome, tries } = await run({ maxRetries: 3 }, { status });
    expect({ outcome, tries }).toEqual({ outcome: { status }, tries: 1 });
  });

  it.each([408, 500, 502, 503, 504, 429])("retries %i", async (status) => {
    const { outcome, tries } = await run({ maxRetries: 1 }, { status }, { status: 200 });
    expect({ outcome, tries }).toEqual({ outcome: { status: 200 }, tries: 2 });
  });
});

describe("keyVaultRetryPolicy: retry headers", () => {
  it.each([
    ["a blank retry-after-ms", { "retry-after-ms": "  ", "retry-after": "2" }, 2000],
    ["an empty retry-after-ms", { "retry-after-ms": "", "retry-after": "2" }, 2000],
    ["a negative retry-after-ms", { "retry-after-ms": "-1", "retry-after": "2" }, 2000],
    ["an infinite x-ms-retry-after-ms", { "x-ms-retry-after-ms": "Infinity", "retry-after": "3" }, 3000],
    ["a retry-after-ms of 0", { "retry-after-ms": "0", "retry-after": "2" }, 0],
    ["x-ms-retry-after-ms", { "x-ms-retry-after-ms": "1500" }, 1500],
  ])("reads %s as the standard says", async (_case, headers, delay) => {
    const { delays } = await run({ maxRetries: 1 }, { status: 503, headers }, { status: 200 });
    expect(delays).toEqual([delay]);
  });

  it("waits until a Retry-After date, and not at all for a date in the past", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 0, 1, 12) });
    const inFive = new Date(Date.now() + 5_000).toUTCString();
    const past = new Date(Date.now() - 60_000).toUTCString();
    const { delays } = await run(
      { maxRetries: 2 },
      { status: 429, headers: { "retry-after": inFive } },
      { status: 503, headers: { "retry-after": past } },
      { status: 200 },
    );
    expect(delays).toEqual([5_000, 0]);
  });

  it("backs off when Retry-After is neither seconds nor a date", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { delays } = await run(
      { maxRetries: 1 },
      { status: 503, headers: { "retry-after": "soon" } },
      {
        status: 200,
      },
    );
    expect(delays).toEqual([500]);
  });
});

describe("retryDelayInMs: the back-off when the answer names no wait", () => {
  it("is half the clamped exponential delay plus a random share of the other half", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const busy = {
      status: 503,
      headers: createHttpHeaders(),
      request: createPipelineRequest({ url }),
    };
    const delay = (retryCount: number, options: { retryDelayInMs?: number; maxRetryDelayInMs?: number }) =>
      retryDelayInMs(busy, undefined, retryCount, options);
    expect(delay(0, { retryDelayInMs: 1000 })).toBe(750);
    expect(delay(3, { retryDelayInMs: 1000 })).toBe(6000);
    expect(delay(10, { retryDelayInMs: 1000, maxRetryDelayInMs: 4000 })).toBe(3000);
    expect(delay(1, {})).toBe(1500);
  });
});

describe("keyVaultRetryPolicy: before a retry", () => {
  it("lets go of a streamed body so its connection can be reused", async () => {
    const request = createPipelineRequest({ url });
    const stream = new PassThrough();
    stream.end("busy");
    const streamed: PipelineResponse = {
      status: 503,
      headers: createHttpHeaders(),
      request,
      readableStreamBody: stream,
    };
    const { outcome } = await run({ maxRetries: 1 }, streamed, { status: 200 });
    expect(outcome).toEqual({ status: 200 });
    expect(stream.readableFlowing).toBe(true);
  });

  it("cancels a browser stream body", async () => {
    const request = createPipelineRequest({ url });
    let cancelled = false;
    const browserStreamBody = new ReadableStream({ cancel: () => void (cancelled = true) });
    const streamed: PipelineResponse = {
      status: 503,
      headers: createHttpHeaders(),
      request,
      browserStreamBody,
    };
    await run({ maxRetries: 1 }, streamed, { status: 200 });
    expect(cancelled).toBe(true);
  });

  it("logs which retry it is, the wait and what it answers", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const logs = captureAzureLogs("info");
    try {
      await run({ maxRetries: 2 }, { status: 503 }, { code: "ECONNRESET" }, { status: 200 });
    } finally {
      logs.restore();
    }
    const retries = logs.lines.filter((line) => line.includes("Retry "));
    expect(retries).toEqual([
      expect.stringContaining("Retry 1 of 2 in 500 ms after 503."),
      expect.stringContaining("Retry 2 of 2 in 1000 ms after ECONNRESET."),
    ]);
  });
});

describe("keyVaultRetryPolicy: the caller's abort", () => {
  /** Answers `answer` after the caller aborted (the answer was on its way). */
  async function abortedDuring(answer: Answer, maxRetries: number) {
    timers ??= captureTimers();
    const controller = new AbortController();
    const transport = scripted(answer);
    const request = createPipelineRequest({ url, abortSignal: controller.signal });
    return keyVaultRetryPolicy({ maxRetries }).sendRequest(request, (sent) => {
      controller.abort();
      return transport.next(sent);
    });
  }

  it("rejects with an AbortError instead of a retriable answer, even with no retry left", async () => {
    await expect(abortedDuring({ status: 503 }, 0)).rejects.toMatchObject({ name: "AbortError" });
    await expect(abortedDuring({ code: "ECONNRESET" }, 0)).rejects.toMatchObject({ name: "AbortError" });
    expect(timers!.delays).toEqual([]);
  });

  it("still returns an answer that needs no retry", async () => {
    await expect(abortedDuring({ status: 200 }, 3)).resolves.toMatchObject({ status: 200 });
  });
});
