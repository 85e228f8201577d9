// The challenge policy at its edges: token lifetimes to the millisecond, challenge resources with user
// information or extra slashes, URLs that only contain the trusted origin, a service that never challenges,
// and CAE challenges that name a resource.
import { createEmptyPipeline, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  challengeAuthPolicy,
  type ChallengeAuthPolicyOptions,
} from "../../../src/http/policies/challengeAuthPolicy.js";
import { captureAzureLogs } from "../../helpers/logCapture";
import {
  caeChallenge,
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type ScriptedAnswer,
  type ScriptStep,
} from "../../helpers/scriptedHttpClient";

const VAULT = "https://myvault.vault.azure.net";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ok = { status: 200, body: { id: `${VAULT}/secrets/a/1` } };
const HOUR_MS = 3_600_000;
const REFRESH_WINDOW_MS = 120_000;

function setup(
  steps: ScriptStep[] | ConstructorParameters<typeof ScriptedHttpClient>[0],
  options: ChallengeAuthPolicyOptions = {},
  credential = new RecordingCredential(),
) {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(challengeAuthPolicy(credential, options), { phase: "Sign" });
  const transport = new ScriptedHttpClient(steps);
  const send = (url = `${VAULT}/secrets/a?api-version=7.6`): Promise<PipelineResponse> =>
    pipeline.sendRequest(transport, createPipelineRequest({ url }));
  return { transport, credential, send };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("challengeAuthPolicy: token lifetimes to the millisecond", () => {
  it("refreshes a token exactly when its refresh window starts", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const issuedAt = Date.now();
    const { credential, send } = setup([challenge(), ok, ok, ok]);
    await send();
    vi.setSystemTime(issuedAt + HOUR_MS - REFRESH_WINDOW_MS - 1);
    await send();
    expect(credential.calls).toHaveLength(1);
    vi.setSystemTime(issuedAt + HOUR_MS - REFRESH_WINDOW_MS);
    await send();
    expect(credential.calls).toHaveLength(2);
  });

  it("no longer falls back to a token at its expiry when the refresh fails", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const credential = new RecordingCredential();
    const issue = credential.getToken.bind(credential);
    let down = false;
    credential.getToken = async (scopes, options) => {
      if (down) throw new Error("The token endpoint is unreachable.");
      return issue(scopes, options);
    };
    const issuedAt = Date.now();
    const { send } = setup([challenge(), ok, ok], {}, credential);
    await send();
    down = true;
    vi.setSystemTime(issuedAt + HOUR_MS - 1);
    expect((await send()).status).toBe(200);
    vi.setSystemTime(issuedAt + HOUR_MS);
    await expect(send()).rejects.toThrow("The token endpoint is unreachable.");
  });

  it("fails with a clear error when the credential returns no token", async () => {
    const credential = { getToken: async () => null };
    const { transport, send } = setup([challenge()], {}, credential as unknown as RecordingCredential);
    await expect(send()).rejects.toThrow(
      "The credential returned no access token for scope 'https://vault.azure.net/.default'.",
    );
    expect(transport.requests).toHaveLength(1);
  });
});

describe("challengeAuthPolicy: challenge resources and request URLs", () => {
  it.each(["https://user:password@vault.azure.net", "https://user@vault.azure.net"])(
    "refuses a challenge resource with user information (%s)",
    async (resource) => {
      const { credential, send } = setup([challenge(resource)]);
      await expect(send()).rejects.toThrow("The challenge scope must not contain user information.");
      expect(credential.calls).toHaveLength(0);
    },
  );

  it("asks for <resource>/.default whatever number of slashes ends the resource", async () => {
    const { credential, send } = setup([challenge("https://vault.azure.net//"), ok]);
    await send();
    expect(credential.calls[0]!.scopes).toEqual(["https://vault.azure.net/.default"]);
  });

  it("does not send the token to a URL that merely ends with the trusted origin", async () => {
    const { transport, send } = setup([challenge(), ok]);
    await send();
    await expect(send(`https://evil.example/collect?next=${VAULT}/`)).rejects.toThrow(/does not match/);
    expect(transport.requests).toHaveLength(2);
  });

  it("refuses an http: URL that only mentions https: further on", async () => {
    const { transport, send } = setup([]);
    await expect(send("http://myvault.vault.azure.net/secrets/a?next=https://x")).rejects.toThrow(
      /not permitted over http:/,
    );
    expect(transport.requests).toHaveLength(0);
  });

  it("treats a WWW-Authenticate header on an answer that is not a 401 as no challenge", async () => {
    const answered = {
      status: 200,
      headers: { "WWW-Authenticate": 'Bearer resource="https://vault.azure.net"' },
    };
    const { transport, send } = setup([challenge(), ok, answered]);
    await send();
    expect((await send()).status).toBe(200);
    expect(transport.requests).toHaveLength(3);
  });

  it("logs the accepted scope and tenant, and (none) without a tenant", async () => {
    const scopeOnly = {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer scope="https://vault.azure.net/.default"' },
    };
    const logs = captureAzureLogs("info");
    try {
      await setup([challenge(), ok]).send();
      await setup([scopeOnly, ok]).send();
    } finally {
      logs.restore();
    }
    expect(logs.lines.filter((line) => line.includes("challenge accepted"))).toEqual([
      expect.stringContaining(
        `Key Vault challenge accepted: scope https://vault.azure.net/.default, tenant ${TENANT}.`,
      ),
      expect.stringContaining(
        "Key Vault challenge accepted: scope https://vault.azure.net/.default, tenant (none).",
      ),
    ]);
  });
});

describe("challengeAuthPolicy: a service that never challenges", () => {
  /** `count` first requests at once to a service that answers every request `answer`, never a challenge. */
  async function concurrentFirstRequests(count: number, answer: ScriptedAnswer) {
    const { transport, credential, send } = setup(() => answer);
    const outcomes = await Promise.allSettled(Array.from({ length: count }, () => send()));
    return { outcomes, sent: transport.requests.length, tokens: credential.calls.length };
  }

  it("sends every later request straight on, without a token, once one succeeded without it (a gateway)", async () => {
    const { outcomes, sent, tokens } = await concurrentFirstRequests(32, ok);
    expect(outcomes.every((outcome) => outcome.status === "fulfilled")).toBe(true);
    expect(sent).toBe(32);
    expect(tokens).toBe(0);
  });

  it("lets each waiting request probe in turn while the answers are errors, up to ten waits", async () => {
    const { outcomes, sent } = await concurrentFirstRequests(11, { status: 404 });
    expect(outcomes.every((outcome) => outcome.status === "fulfilled")).toBe(true);
    expect(sent).toBe(11);
  });

  it("fails a request that had to wait more than ten times", async () => {
    const { outcomes, sent } = await concurrentFirstRequests(12, { status: 404 });
    expect(outcomes.map((outcome) => outcome.status)).toEqual([...Array(11).fill("fulfilled"), "rejected"]);
    expect((outcomes[11] as PromiseRejectedResult).reason).toEqual(
      new Error("Key Vault sent no challenge to the first requests."),
    );
    expect(sent).toBe(11);
  });

  it("still learns a challenge after an error answer to the probe (a throttled first request)", async () => {
    const { transport, credential, send } = setup([{ status: 429 }, challenge(), ok]);
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(200);
    expect(credential.calls).toHaveLength(1);
    expect(transport.requests[2].headers.authorization).toMatch(/^Bearer /);
  });
});

describe("challengeAuthPolicy: CAE challenges", () => {
  const claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}';
  const encoded = btoa(claims).replace(/=+$/, "");
  const MOVED = "00000000-0000-0000-0000-000000000002";

  it("accepts the resource and tenant a CAE challenge names", async () => {
    const withResource = {
      status: 401,
      headers: {
        "WWW-Authenticate":
          `Bearer authorization="https://login.windows.net/${MOVED}", resource="https://vault.azure.net", ` +
          `error="insufficient_claims", claims="${encoded}"`,
      },
    };
    const { credential, send } = setup([challenge(), ok, withResource, ok]);
    await send();
    expect((await send()).status).toBe(200);
    expect(credential.calls[1]!.options).toMatchObject({ claims, tenantId: MOVED });
  });

  it("keeps the tenant when the CAE challenge names no resource", async () => {
    const { credential, send } = setup([challenge(), ok, caeChallenge(claims), ok]);
    await send();
    await send();
    expect(credential.calls[1]!.options).toMatchObject({ claims, tenantId: TENANT });
  });

  it("answers claims only for an insufficient_claims error", async () => {
    const standardWithClaims = {
      status: 401,
      headers: {
        "WWW-Authenticate": `Bearer authorization="https://login.windows.net/${TENANT}", resource="https://vault.azure.net", claims="${encoded}"`,
      },
    };
    const { credential, send } = setup([challenge(), ok, standardWithClaims, ok]);
    await send();
    expect((await send()).status).toBe(200);
    expect(credential.calls[1]!.options.claims).toBeUndefined();
  });

  it("logs that it answers a claims challenge", async () => {
    const logs = captureAzureLogs("info");
    try {
      await setup([challenge(), caeChallenge(claims), ok]).send();
    } finally {
      logs.restore();
    }
    expect(logs.lines).toContainEqual(
      expect.stringContaining(
        "Key Vault answered with a CAE claims challenge; requesting a token with the claims.",
      ),
    );
  });
});
