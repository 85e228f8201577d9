// The five contenders of the benchmark, behind one small interface:
//   createContender(name, { vaultUrl, token }) -> { getSecret(name), setSecret(name, value), listAll() }
// Each is loaded lazily so a worker process only ever loads the package it measures (RSS stays comparable).
import { Buffer } from "node:buffer";
import { Agent, request as httpRequest } from "node:http";

/** Key Vault service version the hand-written contenders send (the one the official client defaults to). */
const API_VERSION = "2026-04-01";

/** Bounds the hand-written listing loops (the SDK pagers are bounded by the worker's per-call timeout). */
const MAX_PAGES = 10_000;

/** The contender names, in the order tables list them. */
export const CONTENDER_NAMES = ["ours", "official", "corePipeline", "emptyPipeline", "rawHttp"];

/** What each contender is, for the printed table. */
export const CONTENDER_LABELS = {
  ours: "keyvault-secrets-client (dist)",
  official: "@azure/keyvault-secrets 4.12.0",
  corePipeline: "bare createPipelineFromOptions",
  emptyPipeline: "bare createEmptyPipeline + 5 policies",
  rawHttp: "raw node:http keep-alive",
};

/** A TokenCredential that always returns the token the bench server accepts. */
function staticCredential(token) {
  return {
    async getToken() {
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

async function createOurs({ vaultUrl, token }) {
  const { SecretClient } = await import("keyvault-secrets-client");
  const client = new SecretClient(vaultUrl, staticCredential(token), { allowInsecureConnection: true });
  return sdkShaped(client);
}

async function createOfficial({ vaultUrl, token }) {
  const { SecretClient } = await import("@azure/keyvault-secrets");
  const client = new SecretClient(vaultUrl, staticCredential(token), {
    allowInsecureConnection: true,
    disableChallengeResourceVerification: true,
  });
  return sdkShaped(client);
}

function sdkShaped(client) {
  return {
    async getSecret(name) {
      return (await client.getSecret(name)).value;
    },
    async setSecret(name, value) {
      return (await client.setSecret(name, value)).properties.version;
    },
    async listAll() {
      let count = 0;
      for await (const page of client.listPropertiesOfSecrets().byPage()) count += page.length;
      return count;
    },
  };
}

/** createPipelineFromOptions with a plain bearer header policy: the pipeline every Azure client pays for. */
async function createCorePipeline(target) {
  const core = await import("@azure/core-rest-pipeline");
  return pipelineOperations(core, core.createPipelineFromOptions({}), target);
}

/**
 * createEmptyPipeline with only the policies a Key Vault client needs (user agent, request id, core's default
 * retry, tracing, log) and the same bearer policy: the floor for a client built on core's pipeline.
 */
async function createEmptyPipeline(target) {
  const core = await import("@azure/core-rest-pipeline");
  const pipeline = core.createEmptyPipeline();
  pipeline.addPolicy(core.userAgentPolicy());
  pipeline.addPolicy(core.setClientRequestIdPolicy());
  pipeline.addPolicy(core.defaultRetryPolicy(), { phase: "Retry" });
  pipeline.addPolicy(core.tracingPolicy(), { afterPhase: "Retry" });
  pipeline.addPolicy(core.logPolicy(), { afterPhase: "Sign" });
  return pipelineOperations(core, pipeline, target);
}

/** The REST operations over a core pipeline (plus a static bearer policy) and core's default HttpClient. */
function pipelineOperations(core, pipeline, { vaultUrl, token }) {
  const credential = staticCredential(token);
  let cached;
  pipeline.addPolicy(
    {
      name: "benchBearer",
      async sendRequest(request, next) {
        if (!cached || cached.expiresOnTimestamp - 120_000 < Date.now()) {
          cached = await credential.getToken([`${vaultUrl}/.default`]);
        }
        request.headers.set("Authorization", `Bearer ${cached.token}`);
        return next(request);
      },
    },
    { phase: "Sign" },
  );
  const httpClient = core.createDefaultHttpClient();
  async function send(method, url, body) {
    const headers = core.createHttpHeaders({ Accept: "application/json" });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    const request = core.createPipelineRequest({
      url,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      allowInsecureConnection: true,
    });
    const response = await pipeline.sendRequest(httpClient, request);
    if (response.status !== 200) throw new Error(`${method} ${url} answered ${response.status}`);
    return JSON.parse(response.bodyAsText);
  }
  return restOperations(vaultUrl, send);
}

/** node:http with a keep-alive agent, no pipeline at all: the floor. */
async function createRawHttp({ vaultUrl, token }) {
  const agent = new Agent({ keepAlive: true });
  const authorization = `Bearer ${token}`;
  function send(method, url, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Accept: "application/json", Authorization: authorization };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, agent, headers }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          if (res.statusCode !== 200) reject(new Error(`${method} ${url} answered ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }
  return restOperations(vaultUrl, send);
}

const factories = {
  ours: createOurs,
  official: createOfficial,
  corePipeline: createCorePipeline,
  emptyPipeline: createEmptyPipeline,
  rawHttp: createRawHttp,
};

/** Creates the named contender for one vault. */
export function createContender(name, target) {
  const factory = factories[name];
  if (!factory) throw new Error(`Unknown contender '${name}'.`);
  return factory(target);
}

/**
 * The three benchmarked calls written as plain REST over `send(method, url, body) → parsed JSON`: what the
 * bare-pipeline and raw-http contenders share, so they differ only in their transport.
 */
function restOperations(vaultUrl, send) {
  return {
    async getSecret(name) {
      return (
        await send("GET", `${vaultUrl}/secrets/${encodeURIComponent(name)}/?api-version=${API_VERSION}`)
      ).value;
    },
    async setSecret(name, value) {
      const url = `${vaultUrl}/secrets/${encodeURIComponent(name)}?api-version=${API_VERSION}`;
      return (await send("PUT", url, { value })).id;
    },
    async listAll() {
      let count = 0;
      let url = `${vaultUrl}/secrets?api-version=${API_VERSION}`;
      for (let pages = 0; url; pages++) {
        if (pages >= MAX_PAGES) throw new Error(`listing did not end after ${MAX_PAGES} pages`);
        const page = await send("GET", url);
        count += page.value.length;
        url = page.nextLink;
      }
      return count;
    },
  };
}
