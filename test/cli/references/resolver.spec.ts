import { describe, expect, it } from "vitest";
import { Resolver } from "../../../src/cli/references/resolver.js";
import type { SecretReference } from "../../../src/cli/references/reference.js";
import { failureLine } from "../../../src/cli/setup.js";
import { createClientFixture } from "../../helpers/clientFixture";

function setUp() {
  const fixture = createClientFixture();
  const { emulator, httpClient } = fixture;
  const resolver = new Resolver({
    credential: emulator.credential,
    clientOptions: () => ({ httpClient }),
    now: () => emulator.clock.now(),
  });
  const reference = (name: string, version?: string): SecretReference => ({
    text: `${emulator.vaultUrl}/secrets/${name}`,
    vaultUrl: emulator.vaultUrl,
    name,
    version,
  });
  const gets = () => fixture.sent.filter((request) => request.method === "GET").length;
  return { ...fixture, resolver, reference, gets };
}

describe("resolving references", () => {
  it("gives each reference its value and version, fetching a secret referenced twice once", async () => {
    const { client, resolver, reference, gets } = setUp();
    const v1 = (await client.setSecret("db", "one")).properties.version!;
    const v2 = (await client.setSecret("db", "two")).properties.version!;
    const before = gets();
    const outcomes = await resolver.resolve([reference("db"), reference("DB"), reference("db", v1)]);
    expect(outcomes).toEqual([
      { kind: "found", value: "two", version: v2 },
      { kind: "found", value: "two", version: v2 },
      { kind: "found", value: "one", version: v1 },
    ]);
    // The first request of a client also fetches the challenge: one 401 and one get per distinct secret.
    expect(gets() - before).toBe(3);
    resolver.close();
  });

  it("tells disabled, expired, not yet valid, missing and forbidden secrets apart", async () => {
    const { client, emulator, resolver, reference } = setUp();
    const now = emulator.clock.now();
    await client.setSecret("off", "x", { enabled: false });
    await client.setSecret("old", "x", { expiresOn: new Date(now - 1000) });
    await client.setSecret("early", "x", { notBefore: new Date(now + 60_000) });
    await client.setSecret("locked", "x");
    emulator.faults.add({
      kind: "status",
      status: 403,
      errorCode: "Forbidden",
      secretName: "locked",
      times: "always",
    });
    const outcomes = await resolver.resolve(
      ["off", "old", "early", "gone", "locked"].map((name) => reference(name)),
    );
    expect(outcomes.map((outcome) => [outcome.kind, "detail" in outcome ? outcome.detail : ""])).toEqual([
      ["disabled", "403 SecretDisabled"],
      ["expired", `expired ${new Date(Math.floor((now - 1000) / 1000) * 1000).toISOString()}`],
      ["notYetValid", `not valid before ${new Date(Math.floor((now + 60_000) / 1000) * 1000).toISOString()}`],
      ["notFound", "404 SecretNotFound"],
      ["forbidden", "403 Forbidden"],
    ]);
    resolver.close();
  });

  it("reports a credential that cannot sign in as not signed in, with the error's class only", async () => {
    const { emulator, httpClient, reference } = setUp();
    const credential = {
      getToken: () =>
        Promise.reject(
          Object.assign(new Error("token secret-ish detail"), { name: "CredentialUnavailableError" }),
        ),
    };
    const resolver = new Resolver({ credential, clientOptions: () => ({ httpClient }) });
    const [outcome] = await resolver.resolve([reference("db")]);
    expect(outcome).toEqual({ kind: "unauthenticated", detail: "CredentialUnavailableError" });
    expect(failureLine("DB", reference("db"), outcome!)).toBe(
      `DB: cannot sign in to vault "${new URL(emulator.vaultUrl).host.split(".")[0]}" (${emulator.vaultUrl}) (CredentialUnavailableError); run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/… (for the emulator: IDENTITY_ENDPOINT and IDENTITY_HEADER)`,
    );
    resolver.close();
  });
});

describe("failure lines", () => {
  const reference: SecretReference = {
    text: "akvs://s/app/db",
    vaultUrl: "https://app.vault.azure.net",
    name: "db",
    version: undefined,
  };

  it.each([
    [
      { kind: "notFound", detail: "404 VaultNotFound" },
      'DB: no vault "app" at https://app.vault.azure.net (404 VaultNotFound); check the vault name or --vault-url-template',
    ],
    [
      { kind: "disabled", detail: "403 SecretDisabled" },
      'DB: secret "db" is disabled in vault "app" (https://app.vault.azure.net); enable it (az keyvault secret set-attributes --enabled true) or reference another version',
    ],
    [
      { kind: "expired", detail: "expired 2020-01-01T00:00:00.000Z" },
      'DB: secret "db" in vault "app" (https://app.vault.azure.net) is expired 2020-01-01T00:00:00.000Z; set a new version or change its dates',
    ],
    [
      { kind: "failed", detail: "REQUEST_SEND_ERROR ECONNREFUSED" },
      'DB: reading secret "db" from vault "app" (https://app.vault.azure.net) failed (REQUEST_SEND_ERROR ECONNREFUSED); nothing listens there: is the vault (or the emulator) running?',
    ],
  ] as const)("names the variable, the vault and the fix: %o", (outcome, line) => {
    expect(failureLine("DB", reference, outcome)).toBe(line);
  });
});
