import { describe, expect, it } from "vitest";
import { SecretClient } from "../../../src/index.js";
import { createEmulatorHttpClient } from "../../../src/emulator/index.js";
import {
  EMULATOR_CLIENT_ID,
  IdentityDirectory,
  identityClientIdVariable,
} from "../../../src/emulator/identity/identities.js";

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());

describe("emulator identities", () => {
  it("gives each named identity GUID ids derived from its name, the same at every start", () => {
    const first = new IdentityDirectory(["reader", { name: "writer" }]).record();
    const second = new IdentityDirectory(["writer", "reader"]).record();
    expect(first).toEqual(second);
    expect(Object.keys(first)).toEqual(["reader", "writer"]);
    expect(first["reader"]!.clientId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first["reader"]!.clientId).not.toBe(first["reader"]!.objectId);
    expect(first["reader"]!.clientId).not.toBe(first["writer"]!.clientId);
    expect(first["reader"]!.clientId).not.toBe(EMULATOR_CLIENT_ID);
  });

  it("keeps ids given in the definition (lower-cased, as tokens carry them)", () => {
    const clientId = "11111111-2222-4333-8444-555555555555";
    const objectId = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
    const directory = new IdentityDirectory([{ name: "app", clientId, objectId }]);
    expect(directory.record()["app"]).toEqual({ clientId, objectId: objectId.toLowerCase() });
    expect(directory.withClientId(clientId.toUpperCase())?.name).toBe("app");
    expect(directory.withObjectId(objectId)?.name).toBe("app");
  });

  it("refuses bad names, non-GUID ids and repeated identities, naming the culprit", () => {
    expect(() => new IdentityDirectory(["has space"])).toThrow(/identity name "has space"/);
    expect(() => new IdentityDirectory([""])).toThrow(TypeError);
    expect(() => new IdentityDirectory([{ name: "a", clientId: "not-a-guid" }])).toThrow(
      /identity "a": clientId must be a GUID/,
    );
    // Both would print KEYVAULT_IDENTITY_MY_APP_CLIENT_ID.
    expect(() => new IdentityDirectory(["my-app", "my_app"])).toThrow(/"my_app" is given twice/);
    expect(() => new IdentityDirectory([{ name: "a", clientId: EMULATOR_CLIENT_ID }])).toThrow(
      /repeats the client id/,
    );
  });

  it("names the variable the CLI prints an identity's client id in", () => {
    expect(identityClientIdVariable("app-reader")).toBe("KEYVAULT_IDENTITY_APP_READER_CLIENT_ID");
  });

  it("mints tokens carrying the identity's appid and oid, and journals the identity's name", async () => {
    const emulator = createEmulatorHttpClient({ identities: ["reader"] });
    const reader = emulator.identities["reader"]!;
    const { token } = await emulator.credentialFor("reader").getToken(`${emulator.vaultUrl}/.default`);
    expect(claimsOf(token)).toMatchObject({
      appid: reader.clientId,
      oid: reader.objectId,
      sub: reader.objectId,
    });

    const asReader = new SecretClient(emulator.vaultUrl, emulator.credentialFor("reader"), {
      httpClient: emulator,
    });
    const asDefault = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
    await asDefault.setSecret("s", "v");
    await asReader.getSecret("s");
    const journal = emulator.journal.entries().filter((entry) => entry.status !== 401);
    expect(journal.map((entry) => [entry.operation, entry.identity])).toEqual([
      ["setSecret", undefined],
      ["getSecret", "reader"],
    ]);
    expect("identity" in journal[0]!).toBe(false);
  });

  it("keeps the default credential's tokens as they were", async () => {
    const emulator = createEmulatorHttpClient({ identities: ["reader"] });
    const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
    expect(claimsOf(token).appid).toBe(EMULATOR_CLIENT_ID);
  });

  it("refuses a credential for an unknown identity, naming the known ones", () => {
    expect(() => createEmulatorHttpClient({ identities: ["reader"] }).credentialFor("writer")).toThrow(
      'No identity named "writer"; the identities are: reader',
    );
    expect(() => createEmulatorHttpClient().credentialFor("writer")).toThrow(/has no named identities/);
  });
});
