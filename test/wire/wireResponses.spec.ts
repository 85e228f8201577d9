import { describe, expect, it } from "vitest";
import * as responses from "../../src/wire/responses.js";

const ID = "https://myvault.vault.azure.net/secrets/db-password/4387e9f3d6e14c459867679a90fd0f79";
const attributes = {
  enabled: true,
  nbf: 1735689600,
  exp: 1767225600,
  created: 1735689000,
  updated: 1735689100,
  recoveryLevel: "Recoverable+Purgeable",
  recoverableDays: 90,
};

describe("wire responses", () => {
  it("maps a SecretBundle to a KeyVaultSecret with exactly the official keys", () => {
    const secret = responses.toKeyVaultSecret({
      value: "s3cr3t",
      id: ID,
      contentType: "text/plain",
      attributes,
      tags: { env: "dev" },
    });
    expect(secret).toStrictEqual({
      value: "s3cr3t",
      name: "db-password",
      properties: {
        expiresOn: new Date(1767225600 * 1000),
        createdOn: new Date(1735689000 * 1000),
        updatedOn: new Date(1735689100 * 1000),
        enabled: true,
        notBefore: new Date(1735689600 * 1000),
        recoverableDays: 90,
        recoveryLevel: "Recoverable+Purgeable",
        id: ID,
        contentType: "text/plain",
        tags: { env: "dev" },
        managed: undefined,
        previousVersion: undefined,
        vaultUrl: "https://myvault.vault.azure.net",
        version: "4387e9f3d6e14c459867679a90fd0f79",
        name: "db-password",
        certificateKeyId: undefined,
      },
    });
  });

  it("maps kid to certificateKeyId, managed, and previousVersion of certificate-backed secrets", () => {
    const { properties } = responses.toKeyVaultSecret({
      id: ID,
      attributes: {},
      kid: "https://myvault.vault.azure.net/keys/db-password/1",
      managed: true,
      previousVersion: "0123",
    });
    expect(properties).toMatchObject({
      certificateKeyId: "https://myvault.vault.azure.net/keys/db-password/1",
      managed: true,
      previousVersion: "0123",
    });
    expect(properties.keyId).toBeUndefined();
  });

  it("keeps an empty value and leaves absent dates undefined", () => {
    const secret = responses.toKeyVaultSecret({ value: "", id: ID, attributes: { enabled: false } });
    expect(secret.value).toBe("");
    expect(secret.properties.expiresOn).toBeUndefined();
    expect(secret.properties.enabled).toBe(false);
  });

  it("maps update/recover/restore bundles (no value) to SecretProperties", () => {
    expect(responses.toSecretPropertiesResult({ id: ID, attributes })).toMatchObject({
      name: "db-password",
      version: "4387e9f3d6e14c459867679a90fd0f79",
      updatedOn: new Date(1735689100 * 1000),
    });
  });

  it("puts the deletion fields both at top level and under properties", () => {
    const deleted = responses.toDeletedSecret({
      recoveryId: "https://myvault.vault.azure.net/deletedsecrets/db-password",
      deletedDate: 1735690000,
      scheduledPurgeDate: 1743466000,
      id: ID,
      attributes,
    });
    const fields = {
      recoveryId: "https://myvault.vault.azure.net/deletedsecrets/db-password",
      deletedOn: new Date(1735690000 * 1000),
      scheduledPurgeDate: new Date(1743466000 * 1000),
    };
    expect(deleted).toMatchObject({ name: "db-password", ...fields });
    expect(deleted.properties).toMatchObject({ version: "4387e9f3d6e14c459867679a90fd0f79", ...fields });
  });

  it("adds no deletion fields when the service sent no recoveryId (vault without soft delete)", () => {
    const deleted = responses.toDeletedSecret({ id: ID, attributes: { recoveryLevel: "Purgeable" } });
    expect(Object.keys(deleted)).not.toContain("recoveryId");
    expect(Object.keys(deleted.properties)).not.toContain("deletedOn");
  });

  it("maps list pages: base ids without version, nextLink kept, null nextLink and empty pages", () => {
    const page = responses.toSecretPropertiesPage({
      value: [
        { id: "https://myvault.vault.azure.net/secrets/a", attributes, contentType: "x", managed: true },
      ],
      nextLink: "https://myvault.vault.azure.net:443/secrets?api-version=7.6&$skiptoken=t",
    });
    expect(page.items[0]).toMatchObject({ name: "a", version: undefined, contentType: "x", managed: true });
    expect(page.nextLink).toBe("https://myvault.vault.azure.net:443/secrets?api-version=7.6&$skiptoken=t");
    expect(responses.toSecretPropertiesPage({ value: [], nextLink: null })).toEqual({
      items: [],
      nextLink: undefined,
    });
    expect(responses.toSecretPropertiesPage({ value: [], nextLink: "n" }).nextLink).toBe("n");
  });

  it("maps deleted-secret pages", () => {
    const page = responses.toDeletedSecretPage({
      value: [
        {
          id: "https://v.vault.azure.net/secrets/a",
          recoveryId: "https://v.vault.azure.net/deletedsecrets/a",
          deletedDate: 1,
        },
      ],
    });
    expect(page.items[0]).toMatchObject({ name: "a", deletedOn: new Date(1000) });
  });

  it("decodes the backup blob from base64url", () => {
    const bytes = responses.toBackupBytes({ value: "-_-_AQ" });
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect([...bytes!]).toEqual([0xfb, 0xff, 0xbf, 1]);
    expect(responses.toBackupBytes({})).toBeUndefined();
  });

  it("does not throw on an unexpected id shape", () => {
    expect(responses.toKeyVaultSecret({ id: "garbage", value: "v" })).toMatchObject({ name: "", value: "v" });
    expect(responses.toKeyVaultSecret(undefined).name).toBe("");
  });
});
