import { describe, expect, it } from "vitest";
import { parseKeyVaultSecretIdentifier } from "../../src/model/identifier.js";

describe("parseKeyVaultSecretIdentifier", () => {
  it("parses a versioned secret id", () => {
    const id = "https://myvault.vault.azure.net/secrets/my-secret/133e09f8d1224a378dd3ab64eb217801";
    expect(parseKeyVaultSecretIdentifier(id)).toEqual({
      sourceId: id,
      vaultUrl: "https://myvault.vault.azure.net",
      name: "my-secret",
      version: "133e09f8d1224a378dd3ab64eb217801",
    });
  });

  it("treats a 'pending' version as just a version", () => {
    expect(parseKeyVaultSecretIdentifier("https://v.vault.azure.net/secrets/n/pending").version).toBe(
      "pending",
    );
  });

  it("parses a base id and a deleted-secret recovery id without version", () => {
    expect(parseKeyVaultSecretIdentifier("https://v.vault.azure.net/secrets/n")).toMatchObject({
      name: "n",
      version: undefined,
    });
    expect(parseKeyVaultSecretIdentifier("https://v.vault.azure.net/deletedsecrets/n")).toMatchObject({
      vaultUrl: "https://v.vault.azure.net",
      name: "n",
      version: undefined,
    });
  });

  it("drops the default port 443 and keeps 8443", () => {
    expect(parseKeyVaultSecretIdentifier("https://v.vault.azure.net:443/secrets/n/1").vaultUrl).toBe(
      "https://v.vault.azure.net",
    );
    expect(parseKeyVaultSecretIdentifier("https://127.0.0.1:8443/secrets/n/1").vaultUrl).toBe(
      "https://127.0.0.1:8443",
    );
  });

  it("tolerates a double slash and ignores the query string", () => {
    expect(parseKeyVaultSecretIdentifier("https://v.vault.azure.net//secrets/n/1")).toMatchObject({
      name: "n",
      version: "1",
    });
    expect(
      parseKeyVaultSecretIdentifier("https://v.vault.azure.net/secrets/n/1?api-version=7.6"),
    ).toMatchObject({
      name: "n",
      version: "1",
    });
  });

  it("keeps the id exactly as given in sourceId", () => {
    const id = "https://v.vault.azure.net:443/secrets/n/1?x=1";
    expect(parseKeyVaultSecretIdentifier(id).sourceId).toBe(id);
  });

  it.each([
    ["an empty string", ""],
    ["a non-URL string", "not a url"],
    ["a vault URL with no path", "https://v.vault.azure.net"],
    ["a collection with no name", "https://v.vault.azure.net/secrets"],
    ["too many segments", "https://v.vault.azure.net/secrets/n/1/extra"],
  ])("rejects %s", (_, id) => {
    expect(() => parseKeyVaultSecretIdentifier(id)).toThrow(Error);
  });

  it("rejects a non-string with a TypeError", () => {
    expect(() => parseKeyVaultSecretIdentifier(undefined as unknown as string)).toThrow(TypeError);
  });
});
