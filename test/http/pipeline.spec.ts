import { AzureLogger, setLogLevel } from "@azure/logger";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretClient, SUPPORTED_API_VERSIONS, type SecretClientOptions } from "../../src/index.js";
import { Agent } from "node:https";
import { createSecretClientPipeline } from "../../src/http/pipeline.js";
import { createSecretClientPipeline as createBrowserPipeline } from "../../src/http/pipeline-browser.js";
import { retryAfterInMs, retryDelayInMs } from "../../src/http/policies/retryPolicy.js";
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
    const options = { retryDelayInMs: 100, maxRetryDelayInMs: 150 };
    expect(retryDelayInMs(response(429, { "retry-after": "1" }), undefined, 0, options)).toBe(1000);
    for (let retryCount = 0; retryCount < 5; retryCount++) {
      const delay = retryDelayInMs(response(429, {}), undefined, retryCount, options);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(150);
    }
    expect(retryDelayInMs(response(404, {}), undefined, 0, options)).toBeUndefined();
    expect(retryDelayInMs(response(501, {}), undefined, 0, options)).toBeUndefined();
  });
});

const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

/** Runs `action` with no proxy variable in the environment, restoring them afterwards. */
function withoutProxyVariables<T>(action: () => T): T {
  const saved = PROXY_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of PROXY_VARIABLES) delete process.env[name];
  try {
    return action();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The names of the Node pipeline's policies, in the order they run. */
function names(options: SecretClientOptions): string[] {
  return createSecretClientPipeline(new RecordingCredential(), options)
    .getOrderedPolicies()
    .map((policy) => policy.name);
}

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

  it("adds core's agent, TLS and proxy policies only when the options ask for them", () => {
    const transportPolicies = ["agentPolicy", "tlsPolicy", "proxyPolicy"];
    withoutProxyVariables(() => {
      expect(names({}).filter((name) => transportPolicies.includes(name))).toEqual([]);
      expect(names({ tlsOptions: { ca: "ca" } })).toContain("tlsPolicy");
      expect(names({ agent: new Agent() })).toContain("agentPolicy");
      expect(names({ proxyOptions: { host: "http://127.0.0.1", port: 3128 } })).toContain("proxyPolicy");
    });
  });

  it.each(["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])(
    "adds the proxy policy when %s is set at construction",
    (variable) => {
      withoutProxyVariables(() => {
        process.env[variable] = "http://127.0.0.1:3128";
        expect(names({})).toContain("proxyPolicy");
        delete process.env[variable];
        expect(names({})).not.toContain("proxyPolicy");
      });
    },
  );

  it("never adds form-data, multipart, decompression or core's default retry policy", () => {
    const all = names({ tlsOptions: { ca: "ca" }, proxyOptions: { host: "http://127.0.0.1", port: 1 } });
    for (const name of [
      "formDataPolicy",
      "multipartPolicy",
      "decompressResponsePolicy",
      "defaultRetryPolicy",
    ]) {
      expect(all).not.toContain(name);
    }
  });

  it("orders the policies as createPipelineFromOptions would, perCall and perRetry policies included", () => {
    const policy = (name: string): PipelinePolicy => ({
      name,
      sendRequest: (request, next) => next(request),
    });
    const ordered = withoutProxyVariables(() =>
      names({
        tlsOptions: { ca: "ca" },
        additionalPolicies: [
          { policy: policy("perCallPolicy"), position: "perCall" },
          { policy: policy("perRetryPolicy"), position: "perRetry" },
        ],
      }),
    );
    expect(ordered).toEqual([
      "failureExplanationPolicy",
      "tlsPolicy",
      "localhostResolutionPolicy",
      "userAgentPolicy",
      "setClientRequestIdPolicy",
      "perCallPolicy",
      "retryPolicy",
      "tracingPolicy",
      "redirectPolicy",
      "transportSettingsRedactionPolicy",
      "keyVaultChallengeAuthPolicy",
      "logPolicy",
      "perRetryPolicy",
    ]);
  });

  it("builds the browser pipeline without any Node-only policy", () => {
    const browserNames = createBrowserPipeline(new RecordingCredential(), {
      tlsOptions: { ca: "ca" },
      proxyOptions: { host: "http://127.0.0.1", port: 1 },
    })
      .getOrderedPolicies()
      .map((policy) => policy.name);
    expect(browserNames).toEqual([
      "failureExplanationPolicy",
      "userAgentPolicy",
      "setClientRequestIdPolicy",
      "retryPolicy",
      "tracingPolicy",
      "keyVaultChallengeAuthPolicy",
      "logPolicy",
    ]);
  });

  it("drops the redirect policy when handleRedirects is false", () => {
    withoutProxyVariables(() => expect(names({})).not.toContain("proxyPolicy"));
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

  it("follows nextLink only below the path of a vault URL with one", async () => {
    const page = (nextLink: string) => ({ status: 200, body: { value: [], nextLink } });
    const transport = new ScriptedHttpClient([
      { status: 200, body: { value: [], nextLink: `${VAULT}/kv/secrets?$skiptoken=t` } },
      page(`${VAULT}/kv/../secrets?$skiptoken=u`),
    ]);
    const client = new SecretClient(`${VAULT}/kv`, new RecordingCredential(), { httpClient: transport });
    const pages = client.listPropertiesOfSecrets().byPage();
    await pages.next();
    await pages.next();
    expect(transport.requests.map((request) => new URL(request.url).pathname)).toEqual([
      "/kv/secrets",
      "/kv/secrets",
    ]);
    await expect(pages.next()).rejects.toThrow(/different host/);
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
