import type { TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createClientFixture } from "../helpers/clientFixture.js";

type Call = [string, (client: SecretClient, name: string) => Promise<unknown>];
const byName: Call[] = [
  ["setSecret", (c, n) => c.setSecret(n, "v")],
  ["getSecret", (c, n) => c.getSecret(n)],
  ["updateSecretProperties", (c, n) => c.updateSecretProperties(n, "", { enabled: true })],
  ["beginDeleteSecret", (c, n) => c.beginDeleteSecret(n)],
  ["getDeletedSecret", (c, n) => c.getDeletedSecret(n)],
  ["purgeDeletedSecret", (c, n) => c.purgeDeletedSecret(n)],
  ["beginRecoverDeletedSecret", (c, n) => c.beginRecoverDeletedSecret(n)],
  ["backupSecret", (c, n) => c.backupSecret(n)],
  ["listPropertiesOfSecretVersions", (c, n) => c.listPropertiesOfSecretVersions(n).next()],
];

describe("SecretClient argument validation (before any request)", () => {
  it.each(byName)("%s rejects an empty name with a RangeError naming the parameter", async (_, call) => {
    const { client, sent } = createClientFixture();
    const error = await Promise.resolve()
      .then(() => call(client, ""))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/name/i);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ["an underscore", "db_password"],
    ["a slash", "a/b"],
    ["128 characters", "a".repeat(128)],
    ["a space", "a b"],
  ])("rejects a name with %s", async (_, name) => {
    const { client, sent } = createClientFixture();
    await expect(client.getSecret(name)).rejects.toThrow(RangeError);
    expect(sent).toHaveLength(0);
  });

  it("accepts names of 127 characters, with digits and dashes anywhere", async () => {
    const { client } = createClientFixture();
    for (const name of ["a".repeat(127), "-leading-dash", "9starts-with-digit"]) {
      await expect(client.setSecret(name, "v")).resolves.toMatchObject({ name });
    }
  });

  it.each([["../other"], ["a/b"], ["v?x=1"], ["v#frag"], [".."]])(
    "rejects the version %j",
    async (version) => {
      const { client, sent } = createClientFixture();
      await expect(client.getSecret("ok", { version })).rejects.toThrow(RangeError);
      await expect(client.updateSecretProperties("ok", version, {})).rejects.toThrow(RangeError);
      expect(sent).toHaveLength(0);
    },
  );

  it("rejects a non-string value with a TypeError that does not echo it", async () => {
    const { client, sent } = createClientFixture();
    const error = await client.setSecret("ok", 987654321 as unknown as string).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/"value"/);
    expect((error as Error).message).not.toContain("987654321");
    expect(sent).toHaveLength(0);
  });

  it("rejects an empty or non-Uint8Array backup", async () => {
    const { client, sent } = createClientFixture();
    await expect(client.restoreSecretBackup(new Uint8Array())).rejects.toThrow(RangeError);
    await expect(client.restoreSecretBackup("blob" as unknown as Uint8Array)).rejects.toThrow(TypeError);
    expect(sent).toHaveLength(0);
  });

  it("rejects a negative intervalInMs without deleting or recovering anything", async () => {
    const { client, sent } = createClientFixture();
    await expect(client.beginDeleteSecret("ok", { intervalInMs: -1 })).rejects.toThrow(RangeError);
    await expect(client.beginRecoverDeletedSecret("ok", { intervalInMs: Number.NaN })).rejects.toThrow(
      RangeError,
    );
    expect(sent).toHaveLength(0);
  });

  it("rejects a resumeFrom that is not a saved poller state, without sending anything", async () => {
    const { client, sent } = createClientFixture();
    await expect(client.beginDeleteSecret("ok", { resumeFrom: "not a state" })).rejects.toThrow(TypeError);
    expect(sent).toHaveLength(0);
  });

  it("rejects invalid dates and tags in options", async () => {
    const { client } = createClientFixture();
    await expect(client.setSecret("ok", "v", { expiresOn: new Date("nope") })).rejects.toThrow(RangeError);
    await expect(client.setSecret("ok", "v", { tags: { a: 1 as unknown as string } })).rejects.toThrow(
      TypeError,
    );
  });

  it.each([
    ["a relative URL", "myvault.vault.azure.net"],
    ["a fragment", "https://myvault.vault.azure.net/#x"],
    ["http without allowInsecureConnection", "http://myvault.vault.azure.net"],
    ["credentials", "https://user:pass@myvault.vault.azure.net"],
  ])("rejects a vault URL with %s in the constructor", (_, url) => {
    const { emulator } = createClientFixture();
    expect(() => new SecretClient(url, emulator.credential)).toThrow(/vaultUrl/);
  });

  it("exposes vaultUrl as given, like the official client, and still builds clean request URLs", async () => {
    const { emulator, httpClient, sent } = createClientFixture();
    const client = new SecretClient(`${emulator.vaultUrl}/`, emulator.credential, { httpClient });
    expect(client.vaultUrl).toBe(`${emulator.vaultUrl}/`);
    await client.setSecret("slash", "v");
    expect(sent.at(-1)!.url.pathname).toBe("/secrets/slash");
  });

  it("accepts a vault URL with a path, as the official client does: requests go below it, ids parse as sent", async () => {
    const { emulator, sent } = createClientFixture();
    // The emulator answers on its origin: a transport that drops the path stands in for a gateway at /kv.
    const client = new SecretClient(`${emulator.vaultUrl}/kv/`, emulator.credential, {
      httpClient: {
        sendRequest: (request) => {
          sent.push({
            method: request.method,
            url: new URL(request.url),
            authorization: undefined,
            body: "",
            request,
          });
          request.url = request.url.replace("/kv/", "/");
          return emulator.sendRequest(request);
        },
      },
    });
    const set = await client.setSecret("pathed", "v");
    expect(sent.map((request) => request.url.pathname)).toContain("/kv/secrets/pathed");
    expect(set.properties.id).toBe(`${emulator.vaultUrl}/secrets/pathed/${set.properties.version}`);
    expect(set.properties.vaultUrl).toBe(emulator.vaultUrl);
  });

  it("accepts a vault URL with a query, as the official client does, and keeps it on every request", async () => {
    const { emulator, httpClient, sent } = createClientFixture();
    const client = new SecretClient(`${emulator.vaultUrl}?x=1&y=a%20b`, emulator.credential, { httpClient });
    await client.setSecret("queried", "v");
    expect((await client.getSecret("queried")).value).toBe("v");
    const url = sent.at(-1)!.url;
    expect(url.pathname).toBe("/secrets/queried/");
    expect([...url.searchParams]).toEqual([
      ["x", "1"],
      ["y", "a b"],
      ["api-version", "2026-04-01"],
    ]);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an object without getToken", {}],
  ])("rejects a credential that is %s in the constructor with a TypeError naming it", (_, credential) => {
    const { emulator } = createClientFixture();
    expect(() => new SecretClient(emulator.vaultUrl, credential as unknown as TokenCredential)).toThrow(
      TypeError,
    );
    expect(() => new SecretClient(emulator.vaultUrl, credential as unknown as TokenCredential)).toThrow(
      /"credential" must be a TokenCredential .*getToken/,
    );
  });
});
