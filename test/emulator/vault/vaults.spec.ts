// Many vaults in one emulator, through the in-process HttpClient: the host names the vault, each vault has
// its own secrets, soft-delete state and settings, and they share one clock, token authority, backup key
// and journal.
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { createEmulatorHttpClient, type EmulatorHttpClient } from "../../../src/emulator/index.js";
import { SecretClient } from "../../../src/index.js";

function clientFor(emulator: EmulatorHttpClient, vaultUrl: string): SecretClient {
  return new SecretClient(vaultUrl, emulator.credential, { httpClient: emulator });
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

describe("vaults addressed by host name", () => {
  it("gives each vault its own URL, the first one being the default", () => {
    const emulator = createEmulatorHttpClient({
      vaults: ["Team-A", { name: "team-b", purgeProtection: true }],
    });
    expect(emulator.vaultUrl).toBe("https://team-a.vault.localhost");
    expect(emulator.vaults.list()).toEqual([
      expect.objectContaining({ name: "team-a", url: "https://team-a.vault.localhost", isDefault: true }),
      expect.objectContaining({ name: "team-b", url: "https://team-b.vault.localhost", isDefault: false }),
    ]);
    expect(emulator.vaults.get("TEAM-B")?.settings).toMatchObject({
      purgeProtection: true,
      recoverableDays: 90,
    });
  });

  it("keeps secrets apart: a secret set in one vault is 404 in the other", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["alpha", "beta"] });
    const alpha = clientFor(emulator, emulator.vaults.url("alpha"));
    const beta = clientFor(emulator, emulator.vaults.url("beta"));
    const created = await alpha.setSecret("shared-name", "in alpha");
    expect(created.properties.id).toBe(
      `https://alpha.vault.localhost/secrets/shared-name/${created.properties.version}`,
    );
    expect((await failure(beta.getSecret("shared-name"))).statusCode).toBe(404);
    await beta.setSecret("shared-name", "in beta");
    expect((await alpha.getSecret("shared-name")).value).toBe("in alpha");
    expect((await beta.getSecret("shared-name")).value).toBe("in beta");
  });

  it("keeps each vault's own settings: retention days and purge protection", async () => {
    const emulator = createEmulatorHttpClient({
      vaults: [
        { name: "short", recoverableDays: 7 },
        { name: "guarded", purgeProtection: true },
      ],
    });
    emulator.clock.freeze(Date.UTC(2030, 0, 1));
    for (const name of ["short", "guarded"]) {
      const client = clientFor(emulator, emulator.vaults.url(name));
      await client.setSecret("doomed", "v");
      await (await client.beginDeleteSecret("doomed")).pollUntilDone();
    }
    const short = await clientFor(emulator, emulator.vaults.url("short")).getDeletedSecret("doomed");
    expect(short.properties.recoveryLevel).toBe("CustomizedRecoverable+Purgeable");
    expect(short.scheduledPurgeDate?.getTime()).toBe(Date.UTC(2030, 0, 8));
    const guarded = clientFor(emulator, emulator.vaults.url("guarded"));
    expect((await guarded.getDeletedSecret("doomed")).properties.recoveryLevel).toBe("Recoverable");
    expect((await failure(guarded.purgeDeletedSecret("doomed"))).statusCode).toBe(403);
  });

  it("restores a backup taken from one vault into another (one subscription, one geography)", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["source", "target"] });
    const source = clientFor(emulator, emulator.vaults.url("source"));
    const target = clientFor(emulator, emulator.vaults.url("target"));
    await source.setSecret("moving", "v1");
    await source.setSecret("moving", "v2");
    const backup = await source.backupSecret("moving");
    const restored = await target.restoreSecretBackup(backup!);
    expect(restored.vaultUrl).toBe("https://target.vault.localhost");
    expect((await target.getSecret("moving")).value).toBe("v2");
    const versions: string[] = [];
    for await (const version of target.listPropertiesOfSecretVersions("moving"))
      versions.push(version.version!);
    expect(versions).toHaveLength(2);
  });

  it("reaches the default vault through any host that names no vault", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["main", "other"] });
    await clientFor(emulator, "https://127.0.0.1:8443").setSecret("by-address", "v");
    expect((await clientFor(emulator, emulator.vaults.url("main")).getSecret("by-address")).value).toBe("v");
    expect(
      (await failure(clientFor(emulator, emulator.vaults.url("other")).getSecret("by-address"))).statusCode,
    ).toBe(404);
  });
});

describe("a host naming an unknown vault", () => {
  it("gets 404 VaultNotFound naming the known vaults, before any token is asked for", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["dev", "prod"] });
    let tokenRequests = 0;
    const credential = {
      getToken: (scopes: string | string[]) => (tokenRequests++, emulator.credential.getToken(scopes)),
    };
    const client = new SecretClient("https://staging.vault.localhost", credential, { httpClient: emulator });
    const error = await failure(client.getSecret("anything"));
    expect([error.statusCode, error.code]).toEqual([404, "VaultNotFound"]);
    expect(error.message).toContain('no vault named "staging"');
    expect(error.message).toContain("its vaults are: dev, prod");
    expect(tokenRequests).toBe(0);
    expect(emulator.journal.entries()).toEqual([
      expect.objectContaining({ vault: "staging", status: 404, operation: "getSecret" }),
    ]);
  });

  it("creates the vault on first use when asked to, with the emulator-wide settings", async () => {
    const emulator = createEmulatorHttpClient({ createVaultsOnFirstUse: true, recoverableDays: 30 });
    const client = clientFor(emulator, "https://fresh.vault.localhost");
    await client.setSecret("first", "v");
    expect(emulator.vaults.list().map((vault) => vault.name)).toEqual(["emulator", "fresh"]);
    expect(emulator.vaults.get("fresh")?.settings.recoverableDays).toBe(30);
  });

  it("is still refused on first use when the name is no valid vault name", async () => {
    const emulator = createEmulatorHttpClient({ createVaultsOnFirstUse: true });
    const error = await failure(clientFor(emulator, "https://x.vault.localhost").getSecret("a"));
    expect(error.code).toBe("VaultNotFound");
    expect(error.message).toContain("3-24 letters");
  });
});

describe("emulator.vaults", () => {
  it("creates, lists and deletes vaults while the emulator runs", async () => {
    const emulator = createEmulatorHttpClient();
    const created = emulator.vaults.create({ name: "late", recoverableDays: 10 });
    expect(created).toMatchObject({ name: "late", url: "https://late.vault.localhost", isDefault: false });
    await clientFor(emulator, created.url).setSecret("s", "v");
    expect(emulator.vaults.delete("late")).toBe(true);
    expect(emulator.vaults.delete("late")).toBe(false);
    expect((await failure(clientFor(emulator, created.url).getSecret("s"))).code).toBe("VaultNotFound");
  });

  it("refuses invalid names, taken names, bad settings and deleting the default vault", () => {
    const emulator = createEmulatorHttpClient({ vaults: ["keep"] });
    expect(() => emulator.vaults.create("no")).toThrow(TypeError);
    expect(() => emulator.vaults.create("bad--name")).toThrow(/consecutive hyphens/);
    expect(() => emulator.vaults.create("KEEP")).toThrow(/already exists/);
    expect(() => emulator.vaults.create({ name: "short-lived", recoverableDays: 3 })).toThrow(RangeError);
    expect(() => emulator.vaults.delete("keep")).toThrow(/default vault/);
    expect(() => emulator.vaults.url("missing")).toThrow(/the vaults are: keep/);
    expect(() => createEmulatorHttpClient({ vaults: ["twice", "TWICE"] })).toThrow(/given twice/);
  });

  it("reset() empties every vault and keeps the vaults", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["one", "two"] });
    for (const vault of emulator.vaults.list()) await clientFor(emulator, vault.url).setSecret("s", "v");
    emulator.reset();
    expect(emulator.vaults.list().map((vault) => vault.name)).toEqual(["one", "two"]);
    for (const vault of emulator.vaults.list()) {
      expect((await failure(clientFor(emulator, vault.url).getSecret("s"))).statusCode).toBe(404);
    }
  });
});

describe("faults and the journal across vaults", () => {
  it("hits only the vault a fault rule names, and logs every request with its vault", async () => {
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line) };
    const emulator = createEmulatorHttpClient({ vaults: ["calm", "stormy"], logger });
    emulator.faults.add({
      kind: "status",
      status: 503,
      vault: "Stormy",
      operation: "getSecret",
      times: "always",
    });
    const calm = clientFor(emulator, emulator.vaults.url("calm"));
    const stormy = new SecretClient(emulator.vaults.url("stormy"), emulator.credential, {
      httpClient: emulator,
      retryOptions: { maxRetries: 0 },
    });
    await calm.setSecret("s", "v");
    await stormy.setSecret("s", "v");
    expect((await calm.getSecret("s")).value).toBe("v");
    expect((await failure(stormy.getSecret("s"))).statusCode).toBe(503);
    expect(emulator.faults.fired().map((fault) => fault.vault)).toEqual(["stormy"]);
    expect(lines.filter((line) => line.startsWith("GET "))).toEqual([
      expect.stringMatching(/^GET \/secrets\/s\/ getSecret 200 \d+\.\dms vault=calm$/),
      expect.stringMatching(/^GET \/secrets\/s\/ getSecret 503 \d+\.\dms fault=status vault=stormy$/),
    ]);
    expect(() => emulator.faults.add({ kind: "reset", vault: 7 as unknown as string })).toThrow(
      /"vault" must be a string/,
    );
  });
});

describe("one token authority for every vault", () => {
  it("challenges named vaults with the vault domain as resource, whose token works in every vault", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["one", "two"] });
    const scopes: string[] = [];
    const credential = {
      getToken: (scope: string | string[]) => (
        scopes.push(String(scope)),
        emulator.credential.getToken(scope)
      ),
    };
    await new SecretClient(emulator.vaults.url("one"), credential, { httpClient: emulator }).setSecret(
      "a",
      "v",
    );
    await new SecretClient(emulator.vaults.url("two"), credential, { httpClient: emulator }).setSecret(
      "a",
      "v",
    );
    expect(new Set(scopes)).toEqual(new Set(["https://vault.localhost/.default"]));
    expect(emulator.journal.entries().map((entry) => `${entry.vault} ${entry.status}`)).toEqual([
      "one 401",
      "one 200",
      "two 401",
      "two 200",
    ]);
  });

  it("rejects a token issued for another resource (AKV10022 naming the vault domain)", async () => {
    const emulator = createEmulatorHttpClient({ vaults: ["one", "two"] });
    const foreign = [
      "https://127.0.0.1:8443/.default",
      "https://one.vault.localhost/.default",
      "https://vault.azure.net/.default",
    ];
    for (const scope of foreign) {
      const credential = { getToken: () => emulator.credential.getToken(scope) };
      const client = new SecretClient(emulator.vaults.url("two"), credential, { httpClient: emulator });
      const error = await failure(client.getSecret("a"));
      expect(error.statusCode).toBe(401);
      expect(error.message).toContain("AKV10022: Invalid audience. Expected https://vault.localhost, found:");
    }
  });
});
