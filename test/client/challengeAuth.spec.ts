import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createClientFixture } from "../helpers/clientFixture.js";

interface TokenCall {
  scopes: string[];
  options: GetTokenOptions | undefined;
}

/**
 * Records every token request. Tokens come from `mintFor` (default: the emulator credential for the same
 * scope), so a test can ask for a foreign scope and still get a token the emulator accepts. Unlike the
 * emulator's own credential (which reports a one-second lifetime so SDKs always ask again), it reports the
 * real one-hour lifetime, so the client's token cache is exercised.
 */
function spyCredential(inner: TokenCredential, mintFor?: string): TokenCredential & { calls: TokenCall[] } {
  const calls: TokenCall[] = [];
  return {
    calls,
    async getToken(scopes, options): Promise<AccessToken | null> {
      calls.push({ scopes: [scopes].flat(), options });
      const token = await inner.getToken(mintFor ?? scopes, {});
      return token && { ...token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
    },
  };
}

/** A transport in front of the emulator that rewrites the `resource` of every bearer challenge. */
function withChallengeResource(inner: HttpClient, resource: string): HttpClient {
  return {
    async sendRequest(request) {
      const response = await inner.sendRequest(request);
      const header = response.headers.get("www-authenticate");
      if (header)
        response.headers.set(
          "www-authenticate",
          header.replace(/resource="[^"]*"/, `resource="${resource}"`),
        );
      return response;
    },
  };
}

const mismatch = (host: string): string =>
  `The challenge resource '${host}' does not match the requested domain. Set disableChallengeResourceVerification to true in your client options to disable. See https://aka.ms/azsdk/blog/vault-uri for more information.`;

describe("SecretClient challenge authentication", () => {
  it("sends the first request without token or body, then retries it with a bearer token and the body", async () => {
    const { client, sent, emulator } = createClientFixture();
    await client.setSecret("first", "payload");
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ method: "PUT", authorization: undefined, body: "" });
    expect(sent[1].authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(sent[1].body)).toMatchObject({ value: "payload" });
    expect(emulator.journal.entries().map((e) => e.status)).toEqual([401, 200]);
  });

  it("asks the credential for <resource>/.default with the challenge's tenant and enableCae", async () => {
    const { emulator, newClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    await newClient({}, credential).setSecret("scoped", "v");
    expect(credential.calls).toHaveLength(1);
    // The fixture's vault is addressed by name, so the challenge names the vault domain.
    expect(credential.calls[0].scopes).toEqual(["https://vault.localhost/.default"]);
    expect(credential.calls[0].options).toMatchObject({ tenantId: emulator.tenantId, enableCae: true });
  });

  it("needs only one challenge and one token for many requests", async () => {
    const { emulator, newClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    const client = newClient({}, credential);
    await client.setSecret("many", "v");
    for (let i = 0; i < 5; i++) await client.getSecret("many");
    expect(emulator.journal.entries().filter((e) => e.status === 401)).toHaveLength(1);
    expect(credential.calls).toHaveLength(1);
  });

  it("lets parallel first requests each keep their own body, with a single challenge", async () => {
    const { client, emulator } = createClientFixture();
    const names = Array.from({ length: 10 }, (_, i) => `parallel-${i}`);
    const results = await Promise.all(names.map((name) => client.setSecret(name, `value-of-${name}`)));
    expect(results.map((r) => r.value)).toEqual(names.map((name) => `value-of-${name}`));
    for (const name of names) expect((await client.getSecret(name)).value).toBe(`value-of-${name}`);
    expect(emulator.journal.entries().filter((e) => e.status === 401)).toHaveLength(1);
  });

  it("needs no disableChallengeResourceVerification against the emulator (exact host match)", async () => {
    const { emulator } = createClientFixture();
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
    await expect(client.setSecret("exact", "v")).resolves.toMatchObject({ name: "exact" });
  });

  it("fails with the official message when the challenge resource is another domain, before any token", async () => {
    const { emulator, httpClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    const client = new SecretClient(emulator.vaultUrl, credential, {
      httpClient: withChallengeResource(httpClient, "https://vault.azure.net"),
    });
    await expect(client.setSecret("foreign", "v")).rejects.toThrow(mismatch("vault.azure.net"));
    expect(credential.calls).toHaveLength(0);
  });

  it("rejects a resource host that is a suffix without the dot separator", async () => {
    const { emulator, httpClient } = createClientFixture();
    const host = new URL(emulator.vaultUrl).hostname.slice(1); // "mulator.vault.localhost"
    const client = new SecretClient(emulator.vaultUrl, spyCredential(emulator.credential), {
      httpClient: withChallengeResource(httpClient, `https://${host}`),
    });
    await expect(client.getSecret("x")).rejects.toThrow(mismatch(host));
  });

  it("rejects a resource that is not a URL", async () => {
    const { emulator, httpClient } = createClientFixture();
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: withChallengeResource(httpClient, "not a url"),
    });
    await expect(client.getSecret("x")).rejects.toThrow(
      "The challenge contains invalid scope 'not a url/.default'",
    );
  });

  it("accepts a challenge resource that is a parent domain of the vault host", async () => {
    const { emulator, httpClient } = createClientFixture();
    const parent = `https://${new URL(emulator.vaultUrl).hostname.split(".").slice(1).join(".")}`;
    const credential = spyCredential(emulator.credential, `${emulator.vaultUrl}/.default`);
    const client = new SecretClient(emulator.vaultUrl, credential, {
      httpClient: withChallengeResource(httpClient, parent),
    });
    await expect(client.setSecret("child", "v")).resolves.toMatchObject({ value: "v" });
    expect(credential.calls[0].scopes).toEqual([`${parent}/.default`]);
  });

  it("skips verification with disableChallengeResourceVerification, still using the challenge's scope and tenant", async () => {
    const { emulator, httpClient } = createClientFixture();
    const credential = spyCredential(emulator.credential, `${emulator.vaultUrl}/.default`);
    const client = new SecretClient(emulator.vaultUrl, credential, {
      httpClient: withChallengeResource(httpClient, "https://vault.azure.net"),
      disableChallengeResourceVerification: true,
    });
    await expect(client.setSecret("opted-out", "v")).resolves.toMatchObject({ value: "v" });
    expect(credential.calls[0].scopes).toEqual(["https://vault.azure.net/.default"]);
    expect(credential.calls[0].options?.tenantId).toBe(emulator.tenantId);
  });

  it("refuses an http: vault URL (tokens would travel unencrypted) unless allowInsecureConnection is set", async () => {
    const { emulator, httpClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    const insecureUrl = emulator.vaultUrl.replace("https:", "http:");
    expect(() => new SecretClient(insecureUrl, credential, { httpClient })).toThrow(
      /http:.*allowInsecureConnection: true/s,
    );
    expect(credential.calls).toHaveLength(0);
    const allowed = new SecretClient(insecureUrl, credential, { httpClient, allowInsecureConnection: true });
    await expect(allowed.setSecret("plain-http", "v")).resolves.toMatchObject({ value: "v" });
    expect(credential.calls[0].scopes).toEqual(["http://vault.localhost/.default"]);
  });

  it("answers one CAE claims challenge with a claims token and retries", async () => {
    const { emulator, newClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    const client = newClient({}, credential);
    await client.setSecret("cae", "v");
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}';
    emulator.faults.add({ kind: "caeChallenge", claims, operation: "getSecret" });
    await expect(client.getSecret("cae")).resolves.toMatchObject({ value: "v" });
    expect(credential.calls).toHaveLength(2);
    expect(credential.calls[1].options).toMatchObject({
      claims,
      enableCae: true,
      tenantId: emulator.tenantId,
    });
    // The next request reuses the new token and sends no claims again.
    await client.getSecret("cae");
    expect(credential.calls).toHaveLength(2);
  });

  it("handles a CAE challenge that comes right after the first standard challenge of the same request", async () => {
    const { emulator, newClient, sent } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    emulator.faults.add({ kind: "caeChallenge", operation: "setSecret" });
    await expect(newClient({}, credential).setSecret("cae-first", "body-kept")).resolves.toMatchObject({
      value: "body-kept",
    });
    expect(emulator.journal.entries().map((e) => e.status)).toEqual([401, 401, 200]);
    expect(credential.calls).toHaveLength(2);
    expect(credential.calls[1].options?.claims).toBeTruthy();
    expect(JSON.parse(sent[2].body)).toMatchObject({ value: "body-kept" });
  });

  it("keeps headers added by the caller on the probe and on the authorized retry", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("h", "v", { requestOptions: { headers: { "x-custom": "kept" } } });
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.request.headers.get("x-custom"))).toEqual(["kept", "kept"]);
  });

  it("hands a second consecutive CAE challenge back to the caller as a 401", async () => {
    const { client, emulator } = createClientFixture();
    await client.setSecret("cae2", "v");
    emulator.faults.add({ kind: "caeChallenge", operation: "getSecret", times: 2 });
    await expect(client.getSecret("cae2")).rejects.toMatchObject({ statusCode: 401 });
  });

  it("re-authenticates when the vault rejects a cached token that expired (new challenge, new token)", async () => {
    const { emulator, newClient } = createClientFixture();
    const credential = spyCredential(emulator.credential);
    const client = newClient({}, credential);
    await client.setSecret("aging", "v");
    await client.getSecret("aging");
    expect(credential.calls).toHaveLength(1);
    emulator.clock.advance(3 * 60 * 60 * 1000);
    await expect(client.getSecret("aging")).resolves.toMatchObject({ value: "v" });
    expect(credential.calls).toHaveLength(2);
    const statuses = emulator.journal.entries().map((e) => e.status);
    expect(statuses.slice(-2)).toEqual([401, 200]);
  });
});
