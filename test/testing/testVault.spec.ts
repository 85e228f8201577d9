// The harness in process (no global setup): useVault and the functions acting on the current vault.
// The same API over HTTPS is in test/integration/testingHarness.https.spec.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import {
  asIdentity,
  clock,
  faults,
  requests,
  reset,
  seed,
  useVault,
  type TestVault,
} from "../../src/testing/index.js";

const opened: TestVault[] = [];
async function open(...args: Parameters<typeof useVault>): Promise<TestVault> {
  const vault = await useVault(...args);
  opened.push(vault);
  return vault;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((vault) => vault.dispose()));
});

const DAY_MS = 24 * 60 * 60 * 1000;

describe("useVault in process", () => {
  it("opens a fresh vault with its own emulator when no global setup started one", async () => {
    const vault = await open();
    expect(vault.transport).toBe("in-process");
    expect(vault.url).toBe("https://test-1.vault.localhost");
    const client = vault.client();
    await client.setSecret("greeting", "hello");
    expect((await client.getSecret("greeting")).value).toBe("hello");
  });

  it("keeps two vaults apart: same names, different values, no shared requests", async () => {
    const first = await open();
    const second = await open();
    await first.client().setSecret("shared", "one");
    await second.client().setSecret("shared", "two");
    expect((await first.client().getSecret("shared")).value).toBe("one");
    expect((await second.client().getSecret("shared")).value).toBe("two");
    expect(await first.requests({ operation: "setSecret", status: 200 })).toHaveLength(1);
    expect(await second.requests({ operation: "getSecret", status: 200 })).toHaveLength(1);
  });

  it("gives the client options an official-style SecretClient needs", async () => {
    const vault = await open();
    const client = new SecretClient(vault.url, vault.credential, vault.clientOptions);
    await client.setSecret("direct", "v");
    expect((await vault.client().getSecret("direct")).value).toBe("v");
  });

  it('refuses transport "https" without a global setup, saying what to add', async () => {
    await expect(useVault({ transport: "https" })).rejects.toThrow(
      /needs the run-wide emulator: add the global setup of keyvault-secrets-client\/testing/,
    );
  });

  it("is disposed by `await using`, after which the functions have no current vault", async () => {
    {
      await using vault = await useVault();
      await seed({ inside: "yes" });
      expect((await vault.client().getSecret("inside")).value).toBe("yes");
    }
    expect(() => reset()).toThrow(/No test vault is open: call `await useVault\(\)` first/);
  });

  it("acts on the newest open vault", async () => {
    const older = await open();
    const newer = await open();
    await seed({ where: "newest" });
    await expect(older.client().getSecret("where")).rejects.toMatchObject({ statusCode: 404 });
    expect((await newer.client().getSecret("where")).value).toBe("newest");
  });
});

describe("seed", () => {
  it("writes the secrets of an object fixture with their properties and returns them", async () => {
    const vault = await open();
    const written = await seed({
      plain: "p",
      rich: { value: "r", contentType: "text/plain", tags: { env: "test" }, enabled: true },
    });
    expect(written.map((secret) => secret.name).sort()).toEqual(["plain", "rich"]);
    const rich = await vault.client().getSecret("rich");
    expect(rich.value).toBe("r");
    expect(rich.properties).toMatchObject({ contentType: "text/plain", tags: { env: "test" } });
  });

  it("reads a JSON file and a .env file (`_` becomes `-`, quotes and comments understood)", async () => {
    const vault = await open();
    const folder = mkdtempSync(join(tmpdir(), "kvsc-fixture-"));
    writeFileSync(join(folder, "secrets.json"), JSON.stringify({ "from-json": "j" }));
    writeFileSync(
      join(folder, "secrets.env"),
      ["# a comment", "DB_PASSWORD=hunter2", 'export QUOTED="two\\nlines"', ""].join("\n"),
    );
    await seed(join(folder, "secrets.json"));
    await seed(join(folder, "secrets.env"));
    const client = vault.client();
    expect((await client.getSecret("from-json")).value).toBe("j");
    expect((await client.getSecret("DB-PASSWORD")).value).toBe("hunter2");
    expect((await client.getSecret("QUOTED")).value).toBe("two\nlines");
  });

  it("rejects a fixture entry without a string value, naming it", async () => {
    await open();
    await expect(seed({ broken: { value: 1 as unknown as string } })).rejects.toThrow(
      'the fixture, secret "broken": needs a string value',
    );
  });

  it("starts the journal after the seeding requests", async () => {
    const vault = await open();
    await seed({ a: "1", b: "2" });
    expect(await requests()).toEqual([]);
    await vault.client().getSecret("a");
    await requests({ operation: "getSecret", name: "A", status: 200, count: 1 });
  });
});

describe("requests", () => {
  it("filters by operation, name, status and identity", async () => {
    const vault = await open();
    const client = vault.client();
    await client.setSecret("x", "1");
    await client.getSecret("missing").catch(() => undefined);
    expect(await requests({ status: 404 })).toEqual([
      expect.objectContaining({ operation: "getSecret", secretName: "missing", status: 404 }),
    ]);
    expect(await requests({ operation: "setSecret", identity: "default", status: 200 })).toHaveLength(1);
    expect(await requests({ identity: "reader" })).toEqual([]);
  });

  it("throws a message listing every request when the count differs", async () => {
    const vault = await open();
    const client = vault.client();
    await client.setSecret("db", "v");
    await client.getSecret("other").catch(() => undefined);
    await expect(requests({ operation: "getSecret", name: "db", status: 200, count: 1 })).rejects.toThrow(
      [
        `Expected 1 request(s) to vault "${vault.name}" with operation "getSecret", name "db", status 200, found 0.` +
          " The vault answered 3 request(s):",
        '  1. PUT setSecret "db" → 401',
        '  2. PUT setSecret "db" → 200',
        '  3. GET getSecret "other" → 404',
      ].join("\n"),
    );
  });
});

describe("reset, clock and faults", () => {
  it("reset empties the vault, deleted secrets included, and starts the journal afresh", async () => {
    const vault = await open();
    const client = vault.client();
    await seed({ live: "1", gone: "2" });
    await (await client.beginDeleteSecret("gone")).pollUntilDone();
    await reset();
    expect(await requests()).toEqual([]);
    await expect(client.getSecret("live")).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.getDeletedSecret("gone")).rejects.toMatchObject({ statusCode: 404 });
    await client.setSecret("gone", "reusable");
  });

  it("clock.advance moves the emulator clock: a deleted secret is purged after its retention", async () => {
    const vault = await open({ recoverableDays: 7 });
    const client = vault.client();
    await seed({ doomed: "v" });
    await (await client.beginDeleteSecret("doomed")).pollUntilDone();
    const before = await clock.now();
    await clock.advance(7 * DAY_MS + 1000);
    expect((await clock.now()).getTime() - before.getTime()).toBeGreaterThanOrEqual(7 * DAY_MS + 1000);
    await expect(client.getDeletedSecret("doomed")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("clock.advance refuses to go backwards (other vaults share the clock)", async () => {
    await open();
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  });

  it("fault rules hit only their vault and go with reset", async () => {
    const vault = await open();
    const other = await open();
    await vault.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
    const noRetry = { retryOptions: { maxRetries: 0 } };
    await vault.client().setSecret("s", "v");
    await other.client().setSecret("s", "v");
    await expect(vault.client(noRetry).getSecret("s")).rejects.toMatchObject({ statusCode: 503 });
    expect((await other.client(noRetry).getSecret("s")).value).toBe("v");
    await vault.reset();
    await vault.client().setSecret("s", "again");
    expect((await vault.client(noRetry).getSecret("s")).value).toBe("again");
  });

  it("faults.remove takes a rule out", async () => {
    const vault = await open();
    const id = await faults.add({ kind: "status", status: 500, times: "always" });
    expect(await faults.remove(id)).toBe(true);
    expect(await faults.remove(id)).toBe(false);
    await vault.client().setSecret("fine", "v");
  });
});

describe("asIdentity", () => {
  it("acts as a named identity with its RBAC roles: reads, and a refused write names the action", async () => {
    const vault = await open({
      identities: ["reader"],
      roleAssignments: [{ role: "Key Vault Secrets User", identity: "reader" }],
    });
    await seed({ config: "c" });
    const reader = new SecretClient(vault.url, asIdentity("reader"), vault.clientOptions);
    expect((await reader.getSecret("config")).value).toBe("c");
    const error = await reader.setSecret("config", "changed").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 403, code: "Forbidden" });
    expect((error as Error).message.split("\n")[0]).toMatch(
      /^appid=[0-9a-f-]+;oid=[0-9a-f-]+ lacks Microsoft\.KeyVault\/vaults\/secrets\/setSecret\/action\.$/,
    );
    await requests({ identity: "reader", status: 403, count: 1 });
    expect((await vault.client({ identity: "reader" }).getSecret("config")).value).toBe("c");
  });

  it("names the known identities when asked for an unknown one", async () => {
    await open({ identities: ["reader", "writer"] });
    expect(() => asIdentity("admin")).toThrow(
      `No identity named "admin" in useVault()'s identities; they are: reader, writer`,
    );
  });
});
