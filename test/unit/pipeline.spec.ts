import { AzureLogger, setLogLevel } from "@azure/logger";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretClient, SUPPORTED_API_VERSIONS, type SecretClientOptions } from "../../src/index.js";
import { createSecretClientPipeline } from "../../src/http/pipeline.js";
import { retryAfterInMs, throttlingRetryStrategy } from "../../src/http/throttlingRetryStrategy.js";
import { captureTimers, type CapturedTimers } from "../helpers/capturedTimers.js";
import {
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type ScriptedAnswer,
} from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";
const bundle = { status: 200, body: { value: "v", id: `${VAULT}/secrets/a/1`, attributes: {} } };
const throttled: ScriptedAnswer = {
  status: 429,
  body: {
    error: {
      code: "Throttled",
      message: "Request was not processed because too many requests were received.",
    },
  },
};

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
  vi.restoreAllMocks();
});

function clientWith(answers: ScriptedAnswer[], options: ConstructorParameters<typeof SecretClient>[2] = {}) {
  const transport = new ScriptedHttpClient([challenge(), ...answers]);
  const client = new SecretClient(VAULT, new RecordingCredential(), { httpClient: transport, ...options });
  return { client, transport };
}

describe("retry policy", () => {
  it("retries a 429 without Retry-After with exponential backoff and jitter", async () => {
    timers = captureTimers();
    const { client, transport } = clientWith([throttled, throttled, bundle], {
      retryOptions: { retryDelayInMs: 1000, maxRetryDelayInMs: 64000 },
    });
    expect((await client.getSecret("a")).value).toBe("v");
    expect(transport.requests).toHaveLength(4);
    const [first, second] = timers.delays.filter((delay) => delay >= 100);
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1000);
    expect(second).toBeGreaterThanOrEqual(1000);
    expect(second).toBeLessThanOrEqual(2000);
  });

  it("honours Retry-After (seconds) and retry-after-ms on a 429", async () => {
    timers = captureTimers();
    const { client } = clientWith([
      { ...throttled, headers: { "Retry-After": "7" } },
      { ...throttled, headers: { "retry-after-ms": "250" } },
      bundle,
    ]);
    await client.getSecret("a");
    expect(timers.delays.filter((delay) => delay > 0)).toEqual([7000, 250]);
  });

  it("stops after maxRetries and surfaces the 429 as a RestError", async () => {
    timers = captureTimers();
    const { client, transport } = clientWith([throttled, throttled, throttled], {
      retryOptions: { maxRetries: 2 },
    });
    await expect(client.getSecret("a")).rejects.toMatchObject({ statusCode: 429, code: "Throttled" });
    expect(transport.requests).toHaveLength(4);
  });

  it("retries 408, 503 and connection resets, but not 400 or 404", async () => {
    timers = captureTimers();
    const { client, transport } = clientWith([
      { status: 503 },
      { status: 408 },
      { error: { code: "ECONNRESET" } },
      bundle,
      { status: 400, body: { error: { code: "BadParameter", message: "m" } } },
    ]);
    await client.getSecret("a");
    expect(transport.requests).toHaveLength(5);
    await expect(client.getSecret("a")).rejects.toMatchObject({ statusCode: 400 });
    expect(transport.requests).toHaveLength(6);
  });

  it("computes delays from the documented headers only for 429 and 503", () => {
    const response = (status: number, headers: Record<string, string>) =>
      ({ status, headers: { get: (name: string) => headers[name.toLowerCase()] } }) as never;
    expect(retryAfterInMs(response(429, { "retry-after": "3" }))).toBe(3000);
    expect(retryAfterInMs(response(503, { "x-ms-retry-after-ms": "12" }))).toBe(12);
    expect(retryAfterInMs(response(500, { "retry-after": "3" }))).toBeUndefined();
    expect(retryAfterInMs(response(429, {}))).toBeUndefined();
    const strategy = throttlingRetryStrategy({ retryDelayInMs: 100, maxRetryDelayInMs: 150 });
    expect(strategy.retry({ retryCount: 0, response: response(429, { "retry-after": "1" }) })).toEqual({
      skipStrategy: true,
    });
    for (let retryCount = 0; retryCount < 5; retryCount++) {
      const { retryAfterInMs: delay } = strategy.retry({ retryCount, response: response(429, {}) });
      expect(delay).toBeLessThanOrEqual(150);
    }
  });
});

describe("pipeline construction", () => {
  it("runs perCall policies once per call and perRetry policies on every attempt", async () => {
    timers = captureTimers();
    const counts = { perCall: 0, perRetry: 0 };
    const counting = (name: keyof typeof counts): PipelinePolicy => ({
      name,
      sendRequest: (request, next) => {
        counts[name]++;
        return next(request);
      },
    });
    const { client } = clientWith([{ status: 503 }, bundle], {
      additionalPolicies: [
        { policy: counting("perCall"), position: "perCall" },
        { policy: counting("perRetry"), position: "perRetry" },
      ],
    });
    await client.getSecret("a");
    expect(counts).toEqual({ perCall: 1, perRetry: 3 });
  });

  it("sends the configured serviceVersion, defaulting to 2026-04-01", async () => {
    const first = clientWith([bundle]);
    await first.client.getSecret("a");
    expect(new URL(first.transport.requests[1].url).searchParams.get("api-version")).toBe("2026-04-01");
    const second = clientWith([bundle], { serviceVersion: "7.6" });
    await second.client.getSecret("a");
    expect(second.transport.requests[1].url).toBe(`${VAULT}/secrets/a/?api-version=7.6`);
  });

  it("accepts and sends every supported service version", async () => {
    const versions: Array<NonNullable<SecretClientOptions["serviceVersion"]>> = [...SUPPORTED_API_VERSIONS];
    for (const serviceVersion of versions) {
      const { client, transport } = clientWith([bundle], { serviceVersion });
      await client.getSecret("a");
      expect(new URL(transport.requests[1].url).searchParams.get("api-version")).toBe(serviceVersion);
    }
    expect(versions).toHaveLength(9);
  });

  it("disables keep-alive when keepAliveOptions.enable is false", async () => {
    const { client, transport } = clientWith([bundle], { keepAliveOptions: { enable: false } });
    await client.getSecret("a");
    expect(transport.pipelineRequests[1].disableKeepAlive).toBe(true);
  });

  it("drops the redirect policy when handleRedirects is false", () => {
    const names = (options: object) =>
      createSecretClientPipeline(new RecordingCredential(), options)
        .getOrderedPolicies()
        .map((policy) => policy.name);
    expect(names({})).toContain("redirectPolicy");
    expect(names({ redirectOptions: { handleRedirects: false } })).not.toContain("redirectPolicy");
    expect(names({})).not.toContain("defaultRetryPolicy");
    expect(names({})).toContain("keyVaultChallengeAuthPolicy");
  });

  it("sends custom headers from requestOptions.headers and customHeaders", async () => {
    const { client, transport } = clientWith([bundle]);
    await client.getSecret("a", {
      requestOptions: { headers: { "x-one": "1" }, customHeaders: { "x-two": "2" } },
    });
    expect(transport.requests[1].headers).toMatchObject({ "x-one": "1", "x-two": "2" });
  });

  it("follows nextLink only on the vault's own origin", async () => {
    const page = (nextLink: string) => ({ status: 200, body: { value: [], nextLink } });
    const ok = clientWith([
      page(`${VAULT}:443/secrets?api-version=7.6&$skiptoken=t`),
      { status: 200, body: { value: [] } },
    ]);
    for await (const _ of ok.client.listPropertiesOfSecrets()) void _;
    expect(ok.transport.requests[2].url).toContain("$skiptoken=t");
    const evil = clientWith([page("https://evil.example/secrets?$skiptoken=t")]);
    await expect(evil.client.listPropertiesOfSecrets().next()).rejects.toThrow(/different host/);
  });
});

describe("logging", () => {
  it("logs Key Vault diagnostic headers, redacts Authorization and never logs bodies", async () => {
    const lines: string[] = [];
    const originalLog = AzureLogger.log;
    AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    setLogLevel("verbose");
    try {
      const { client } = clientWith([
        {
          ...bundle,
          headers: { "x-ms-keyvault-region": "westus2", "x-ms-keyvault-service-version": "1.9.378.1" },
        },
      ]);
      await client.setSecret("a", "hunter2-value");
    } finally {
      setLogLevel();
      AzureLogger.log = originalLog;
    }
    const all = lines.join("\n");
    expect(all).toContain("westus2");
    expect(all).toContain("1.9.378.1");
    expect(all).toMatch(/"authorization": "REDACTED"/i);
    expect(all).not.toContain("hunter2-value");
    expect(all).not.toContain("token-1");
  });
});
