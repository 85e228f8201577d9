import { describe, expect, it } from "vitest";
import { createClientFixture } from "../helpers/clientFixture.js";

describe("SecretClient.backupSecret / restoreSecretBackup", () => {
  it("backs up to non-empty bytes (a Uint8Array) via POST /secrets/{name}/backup", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("saved", "v");
    const backup = await client.backupSecret("saved");
    expect(backup).toBeInstanceOf(Uint8Array);
    expect(backup!.length).toBeGreaterThan(0);
    expect(sent.at(-1)!.method).toBe("POST");
    expect(sent.at(-1)!.url.pathname).toBe("/secrets/saved/backup");
  });

  it('backs up to a Buffer under Node, as @azure/keyvault-secrets does, so toString("base64") works', async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("stored", "v");
    const backup = (await client.backupSecret("stored")) as Buffer;
    expect(Buffer.isBuffer(backup)).toBe(true);
    expect(backup.toString("base64")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The Buffer holds exactly the backup's bytes: restoring sends them back as the same base64url text.
    await (await client.beginDeleteSecret("stored", { intervalInMs: 0 })).pollUntilDone();
    await client.purgeDeletedSecret("stored");
    await client.restoreSecretBackup(Buffer.from(backup.toString("base64"), "base64"));
    expect(JSON.parse(sent.at(-1)!.body).value).toBe(backup.toString("base64url"));
  });

  it("fails with 404 SecretNotFound when backing up a missing secret", async () => {
    const { client } = createClientFixture();
    await expect(client.backupSecret("missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });

  it("restores after delete + purge with the same name, id and versions", async () => {
    const { client, sent } = createClientFixture();
    const v1 = await client.setSecret("phoenix", "one");
    const v2 = await client.setSecret("phoenix", "two");
    const backup = (await client.backupSecret("phoenix"))!;
    await (await client.beginDeleteSecret("phoenix", { intervalInMs: 0 })).pollUntilDone();
    await client.purgeDeletedSecret("phoenix");
    const restored = await client.restoreSecretBackup(backup);
    expect(restored.name).toBe("phoenix");
    expect(restored.id).toBe(v2.properties.id);
    const restoreRequest = sent.filter((r) => r.url.pathname === "/secrets/restore").at(-1)!;
    expect(restoreRequest.method).toBe("POST");
    expect(JSON.parse(restoreRequest.body).value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await client.getSecret("phoenix", { version: v1.properties.version })).value).toBe("one");
    expect((await client.getSecret("phoenix")).value).toBe("two");
  });

  it("fails with 409 while a purged name is still unusable, then succeeds once the window passes", async () => {
    const { client, emulator } = createClientFixture({}, { purgeDelayMs: 30_000 });
    emulator.clock.freeze();
    await client.setSecret("window", "v");
    const backup = (await client.backupSecret("window"))!;
    await (await client.beginDeleteSecret("window", { intervalInMs: 0 })).pollUntilDone();
    await client.purgeDeletedSecret("window");
    await expect(client.restoreSecretBackup(backup)).rejects.toMatchObject({ statusCode: 409 });
    emulator.clock.advance(30_000);
    await expect(client.restoreSecretBackup(backup)).resolves.toMatchObject({ name: "window" });
  });

  it("fails with 409 when restoring over an existing name", async () => {
    const { client } = createClientFixture();
    await client.setSecret("exists", "v");
    const backup = (await client.backupSecret("exists"))!;
    await expect(client.restoreSecretBackup(backup)).rejects.toMatchObject({ statusCode: 409 });
  });

  it.each([
    ["4728 zero bytes", new Uint8Array(4728)],
    ["ASCII 'non-existing'", new TextEncoder().encode("non-existing")],
  ])("rejects a malformed backup (%s) with 400 and the service message", async (_, bytes) => {
    const { client } = createClientFixture();
    const error = await client.restoreSecretBackup(bytes).catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 400,
      message: "Backup blob contains invalid or corrupt version.",
    });
  });

  it("rejects an empty backup before sending anything", async () => {
    const { client, sent } = createClientFixture();
    await expect(client.restoreSecretBackup(new Uint8Array(0))).rejects.toThrow(/secretBundleBackup|backup/i);
    expect(sent).toHaveLength(0);
  });
});
