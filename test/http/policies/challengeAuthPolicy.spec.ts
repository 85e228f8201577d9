import { createEmptyPipeline, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  challengeAuthPolicy,
  type ChallengeAuthPolicyOptions,
} from "../../../src/http/policies/challengeAuthPolicy.js";
import {
  caeChallenge,
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type ScriptStep,
} from "../../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ok = { status: 200, body: { id: `${VAULT}/secrets/a/1` } };

function setup(
  steps: ScriptStep[],
  options: ChallengeAuthPolicyOptions = {},
  credential = new RecordingCredential(),
) {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(challengeAuthPolicy(credential, options), { phase: "Sign" });
  const transport = new ScriptedHttpClient(steps);
  const send = (body?: string, url = `${VAULT}/secrets/a?api-version=7.6`): Promise<PipelineResponse> =>
    pipeline.sendRequest(transport, createPipelineRequest({ url, method: body ? "PUT" : "GET", body }));
  return { transport, credential, send };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("challengeAuthPolicy: first request", () => {
  it("sends the first request without Authorization and without body, then retries with the body and a token", async () => {
    const { transport, credential, send } = setup([challenge(), ok]);
    const response = await send('{"value":"s3cr3t"}');
    expect(response.status).toBe(200);
    const [probe, authorized] = transport.requests;
    expect(probe.headers.authorization).toBeUndefined();
    expect(probe.body).toBeUndefined();
    expect(authorized.headers.authorization).toBe("Bearer token-1");
    expect(authorized.body).toBe('{"value":"s3cr3t"}');
    expect(credential.calls).toHaveLength(1);
    expect(credential.calls[0].scopes).toEqual(["https://vault.azure.net/.default"]);
    expect(credential.calls[0].options).toMatchObject({ tenantId: TENANT, enableCae: true });
  });

  it("asks for a token only after the probe's challenge arrived", async () => {
    const credential = new RecordingCredential();
    const { transport, send } = setup([challenge(), ok], {}, credential);
    const requestsAtTokenTime: number[] = [];
    const getToken = credential.getToken.bind(credential);
    credential.getToken = (scopes, options) => {
      requestsAtTokenTime.push(transport.requests.length);
      return getToken(scopes, options);
    };
    await send();
    expect(requestsAtTokenTime).toEqual([1]);
  });

  it("keeps headers set before the policy on the authorized retry", async () => {
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(challengeAuthPolicy(new RecordingCredential()), { phase: "Sign" });
    const transport = new ScriptedHttpClient([challenge(), ok]);
    const request = createPipelineRequest({ url: `${VAULT}/secrets/a`, method: "GET" });
    request.headers.set("x-ms-client-request-id", "abc");
    await pipeline.sendRequest(transport, request);
    expect(transport.requests.map((sent) => sent.headers["x-ms-client-request-id"])).toEqual(["abc", "abc"]);
  });

  it("never carries one request's body into another request's challenge retry", async () => {
    const { transport, send } = setup([challenge(), ok, challenge("https://vault.azure.net", "other"), ok]);
    await send('{"value":"first"}');
    await send();
    expect(transport.requests[2].body).toBeUndefined();
    expect(transport.requests[3].body).toBeUndefined();
    expect(transport.requests[3].headers.authorization).toBe("Bearer token-2");
  });

  it("reuses the cached challenge and token on later requests, with no new 401 round trip", async () => {
    const { transport, credential, send } = setup([challenge(), ok, ok, ok]);
    await send();
    await send('{"value":"x"}');
    await send();
    expect(transport.requests).toHaveLength(4);
    expect(transport.requests[2].headers.authorization).toBe("Bearer token-1");
    expect(transport.requests[2].body).toBe('{"value":"x"}');
    expect(credential.calls).toHaveLength(1);
  });

  it("asks for <resource>/.default without a double slash when the resource ends with a slash", async () => {
    const { transport, credential, send } = setup([challenge("https://vault.azure.net/"), ok]);
    expect((await send()).status).toBe(200);
    expect(credential.calls.map((call) => call.scopes)).toEqual([["https://vault.azure.net/.default"]]);
    expect(transport.requests[1].headers.authorization).toBe("Bearer token-1");
  });

  it("uses the challenge's scope when it names no resource", async () => {
    const scoped = {
      status: 401,
      headers: {
        "WWW-Authenticate": `Bearer authorization="https://login.windows.net/${TENANT}" scope="https://vault.azure.net/.default"`,
      },
    };
    const { credential, send } = setup([scoped, ok]);
    await send();
    expect(credential.calls[0].scopes).toEqual(["https://vault.azure.net/.default"]);
  });

  it("rejects a 401 without WWW-Authenticate as a service bug", async () => {
    const { send } = setup([{ status: 401 }]);
    await expect(send()).rejects.toThrow(/must have a WWW-Authenticate header/);
  });

  it("returns a non-401 answer to the probe unchanged", async () => {
    const { transport, send } = setup([{ status: 404, body: { error: { code: "SecretNotFound" } } }]);
    expect((await send()).status).toBe(404);
    expect(transport.requests).toHaveLength(1);
  });

  it("sends a request with a body again, with its body and no token, when the probe is not challenged (a gateway)", async () => {
    const { transport, credential, send } = setup([{ status: 400 }, ok]);
    expect((await send('{"value":"v"}')).status).toBe(200);
    expect(transport.requests.map((request) => [request.body, request.headers.authorization])).toEqual([
      [undefined, undefined],
      ['{"value":"v"}', undefined],
    ]);
    expect(credential.calls).toHaveLength(0);
  });

  it("keeps the request body intact when the transport fails during the probe", async () => {
    const request = createPipelineRequest({ url: `${VAULT}/secrets/a`, method: "PUT", body: "payload" });
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(challengeAuthPolicy(new RecordingCredential()), { phase: "Sign" });
    await expect(
      pipeline.sendRequest(new ScriptedHttpClient([{ error: { code: "ECONNRESET" } }]), request),
    ).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(request.body).toBe("payload");
  });

  it("lets parallel first requests share one challenge while each keeps its own body", async () => {
    const { transport, credential, send } = setup([]);
    const answers = new ScriptedHttpClient((request) => (request.headers.authorization ? ok : challenge()));
    Object.assign(transport, { sendRequest: answers.sendRequest.bind(answers) });
    const bodies = Array.from({ length: 5 }, (_, index) => `{"value":"v${index}"}`);
    const responses = await Promise.all(bodies.map((body) => send(body)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const probes = answers.requests.filter((request) => !request.headers.authorization);
    expect(probes).toHaveLength(1);
    expect(probes[0].body).toBeUndefined();
    const sentBodies = answers.requests.filter((request) => request.headers.authorization).map((r) => r.body);
    expect(sentBodies.sort()).toEqual([...bodies].sort());
    expect(credential.calls).toHaveLength(1);
  });
});

describe("challengeAuthPolicy: resource verification", () => {
  const verificationError =
    "The challenge resource 'vault.azure.net' does not match the requested domain. Set " +
    "disableChallengeResourceVerification to true in your client options to disable. " +
    "See https://aka.ms/azsdk/blog/vault-uri for more information.";

  it.each([
    ["https://myvault.vault.azure.net", "https://vault.azure.net"],
    ["https://myvault.vault.azure.cn", "https://vault.azure.cn"],
    ["https://myvault.vault.usgovcloudapi.net", "https://vault.usgovcloudapi.net"],
    ["https://myvault.vault.microsoftazure.de", "https://vault.microsoftazure.de"],
    ["https://MyVault.Vault.Azure.Net", "https://vault.azure.net"],
    ["https://127.0.0.1:8443", "https://127.0.0.1:8443"],
    ["https://myvault.vault.azure.net:8443", "https://vault.azure.net"],
  ])("accepts %s for the resource %s", async (vault, resource) => {
    const { send } = setup([challenge(resource), ok]);
    expect((await send(undefined, `${vault}/secrets/a`)).status).toBe(200);
  });

  it.each([
    ["https://myvault.azure.net", "a prefix that is not a subdomain"],
    ["https://foo.bar", "an unrelated host"],
    ["https://hostvault.azure.net", "a missing dot separator"],
    ["https://myvault.vault.azure.net.", "a trailing dot on the request host"],
  ])("rejects %s (%s) with the official message", async (vault) => {
    const { credential, send } = setup([challenge("https://vault.azure.net")]);
    await expect(send(undefined, `${vault}/secrets/a`)).rejects.toThrow(verificationError);
    expect(credential.calls).toHaveLength(0);
  });

  it("rejects a trailing dot on the challenge resource", async () => {
    const { send } = setup([challenge("https://vault.azure.net.")]);
    await expect(send()).rejects.toThrow(/does not match the requested domain/);
  });

  it("rejects a resource that is not a URL", async () => {
    const { send } = setup([challenge("not a url")]);
    await expect(send()).rejects.toThrow("The challenge contains invalid scope 'not a url/.default'");
  });

  it("skips both checks with disableChallengeResourceVerification and still uses the challenge's scope", async () => {
    const { credential, send } = setup([challenge("https://vault.azure.net"), ok], {
      disableChallengeResourceVerification: true,
    });
    expect((await send(undefined, "https://foo.bar/secrets/a")).status).toBe(200);
    expect(credential.calls[0].scopes).toEqual(["https://vault.azure.net/.default"]);
  });

  it("does not attach the cached token to a host the challenge did not cover", async () => {
    const { transport, send } = setup([challenge(), ok]);
    await send();
    await expect(send(undefined, "https://evil.example/secrets/a")).rejects.toThrow(/does not match/);
    expect(transport.requests).toHaveLength(2);
  });
});

describe("challengeAuthPolicy: continuous access evaluation", () => {
  const claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}';

  it("answers a CAE challenge after the first challenge with a claims token, once", async () => {
    const { transport, credential, send } = setup([challenge(), ok, caeChallenge(claims), ok, ok]);
    await send();
    expect((await send('{"value":"v"}')).status).toBe(200);
    expect(credential.calls[1].options).toMatchObject({ claims, tenantId: TENANT, enableCae: true });
    expect(transport.requests[3].headers.authorization).toBe("Bearer token-2");
    expect(transport.requests[3].body).toBe('{"value":"v"}');
    await send();
    expect(transport.requests[4].headers.authorization).toBe("Bearer token-2");
    expect(credential.calls).toHaveLength(2);
  });

  it("handles a CAE challenge right after the first challenge on the same request", async () => {
    const { credential, send } = setup([challenge(), caeChallenge(claims), ok]);
    expect((await send()).status).toBe(200);
    expect(credential.calls.map((call) => call.options.claims)).toEqual([undefined, claims]);
  });

  it("passes a second consecutive CAE challenge back to the caller", async () => {
    const { transport, send } = setup([challenge(), ok, caeChallenge(claims), caeChallenge(claims)]);
    await send();
    expect((await send()).status).toBe(401);
    expect(transport.requests).toHaveLength(4);
  });

  it("does not treat a CAE challenge before any standard challenge as CAE", async () => {
    const { credential, send } = setup([caeChallenge(claims)]);
    expect((await send()).status).toBe(401);
    expect(credential.calls).toHaveLength(0);
  });

  it("does not repeat the claims when the CAE token is refreshed", async () => {
    const credential = new RecordingCredential(60 * 1000); // inside the 2-minute refresh window at once
    const { send } = setup([challenge(), ok, caeChallenge(claims), ok, ok], {}, credential);
    await send();
    await send();
    await send();
    expect(credential.calls.map((call) => call.options.claims)).toEqual([
      undefined,
      undefined,
      claims,
      undefined,
    ]);
  });
});

describe("challengeAuthPolicy: tokens", () => {
  it("refreshes a token that is within two minutes of expiry, with the cached scope and tenant", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { credential, send } = setup([challenge(), ok, ok, ok]);
    await send();
    vi.setSystemTime(Date.now() + 30 * 60 * 1000);
    await send();
    expect(credential.calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 29 * 60 * 1000);
    await send();
    expect(credential.calls).toHaveLength(2);
    expect(credential.calls[1]).toMatchObject({
      scopes: ["https://vault.azure.net/.default"],
      options: { tenantId: TENANT, enableCae: true },
    });
    expect(credential.calls[1].options.claims).toBeUndefined();
  });

  it("falls back to the still-valid cached token when an early refresh fails, and fails once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const credential = new RecordingCredential(60 * 60 * 1000);
    const issue = credential.getToken.bind(credential);
    let tokenEndpointDown = false;
    credential.getToken = async (scopes, options) => {
      if (tokenEndpointDown) throw new Error("The token endpoint is unreachable.");
      return issue(scopes, options);
    };
    const { transport, send } = setup([challenge(), ok, ok], {}, credential);
    const issuedAt = Date.now();
    await send();
    // Inside the two-minute refresh window, still valid: the failed refresh must not fail the request.
    vi.setSystemTime(issuedAt + 59 * 60 * 1000);
    tokenEndpointDown = true;
    expect((await send()).status).toBe(200);
    expect(transport.requests[2].headers.authorization).toBe("Bearer token-1");
    // Expired: the refresh failure is the caller's error, and nothing is sent with the expired token.
    vi.setSystemTime(issuedAt + 61 * 60 * 1000);
    await expect(send()).rejects.toThrow("The token endpoint is unreachable.");
    expect(transport.requests).toHaveLength(3);
  });

  it("honours refreshAfterTimestamp", async () => {
    let issued = 0;
    const credential = {
      getToken: vi.fn(async () => ({
        token: `t${++issued}`,
        expiresOnTimestamp: Date.now() + 3600_000,
        refreshAfterTimestamp: Date.now() - 1,
      })),
    };
    const { transport, send } = setup(
      [challenge(), ok, ok],
      {},
      credential as unknown as RecordingCredential,
    );
    await send();
    await send();
    expect(credential.getToken).toHaveBeenCalledTimes(2);
    expect(transport.requests[2].headers.authorization).toBe("Bearer t2");
  });

  it("takes a new standard challenge (tenant moved) and its token", async () => {
    const other = "00000000-0000-0000-0000-000000000001";
    const { transport, credential, send } = setup([challenge(), ok, challenge(undefined, other), ok, ok]);
    await send();
    await send();
    await send();
    expect(credential.calls[1].options.tenantId).toBe(other);
    expect(transport.requests[4].headers.authorization).toBe("Bearer token-2");
  });

  it("returns a 401 after re-authentication to the caller instead of looping", async () => {
    const { transport, send } = setup([challenge(), challenge()]);
    expect((await send()).status).toBe(401);
    expect(transport.requests).toHaveLength(2);
  });

  it("answers one new standard challenge on a later request, then hands the next 401 back", async () => {
    const { transport, send } = setup([challenge(), ok, challenge(), challenge()]);
    await send();
    expect((await send()).status).toBe(401);
    expect(transport.requests).toHaveLength(4);
  });

  it("hands back a CAE challenge whose claims are not base64", async () => {
    const { transport, send } = setup([
      challenge(),
      ok,
      { status: 401, headers: { "WWW-Authenticate": 'Bearer error="insufficient_claims", claims="%%%"' } },
    ]);
    await send();
    expect((await send()).status).toBe(401);
    expect(transport.requests).toHaveLength(3);
  });
});

describe("challengeAuthPolicy: transport security", () => {
  it("refuses to authenticate over http unless allowInsecureConnection is set", async () => {
    const { transport, send } = setup([challenge("http://localhost"), ok]);
    await expect(send(undefined, "http://localhost/secrets/a")).rejects.toThrow(
      /not permitted over http:.*allowInsecureConnection: true/,
    );
    expect(transport.requests).toHaveLength(0);
  });

  it("authenticates over http when the client allows insecure connections", async () => {
    const { transport, send } = setup([challenge("http://localhost:8080"), ok], {
      allowInsecureConnection: true,
    });
    expect((await send(undefined, "http://localhost:8080/secrets/a")).status).toBe(200);
    expect(transport.requests[1].headers.authorization).toBe("Bearer token-1");
  });
});
