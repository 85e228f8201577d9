// The response mapper reads name/version/vaultUrl from ids with a fast pattern for the ids the service sends;
// it must agree with the URL-based parseKeyVaultSecretIdentifier on every id, canonical or odd.
import { describe, expect, it } from "vitest";
import { splitCanonicalSecretId } from "../../src/model/canonicalSecretId";
import { splitCanonicalSecretId as splitInBrowser } from "../../src/model/canonicalSecretId-browser";
import { parseKeyVaultSecretIdentifier, splitSecretId } from "../../src/model/identifier";

function viaUrlParser(id: string): { vaultUrl: string; name: string; version?: string } {
  try {
    const { vaultUrl, name, version } = parseKeyVaultSecretIdentifier(id);
    return { vaultUrl, name, version };
  } catch {
    return { vaultUrl: "", name: "" };
  }
}

const origins = [
  "https://myvault.vault.azure.net",
  "https://myvault.vault.azure.net:443",
  "https://myvault.vault.azure.net:8443",
  "http://myvault.vault.azure.net:80",
  "https://MyVault.Vault.Azure.Net",
  "https://myvault.vault.azure.net.",
  "https://127.0.0.1:8443",
  "https://127.1:8443",
  "https://0x7f.0.0.1",
  "https://999.1.1.1",
  "https://xn--bcher-kva.vault.azure.net",
  "https://a..b.vault.azure.net",
  "https://[::1]:8443",
  "https://vault.123",
  "https://emulator.vault.localhost",
  "https://host:65536",
  "https://host:00443",
];
const paths = [
  "/secrets/name/0123456789abcdef0123456789abcdef",
  "/secrets/name",
  "/secrets/name/",
  "/secrets/Name-With-Dashes/pending",
  "/deletedsecrets/name",
  "/keys/name/abc",
  "/secrets/na%2Dme/v1",
  "//secrets/name/v1",
  "/secrets/name/v1?api-version=7.4",
  "/secrets",
  "/secrets/a/b/c",
];

describe("splitSecretId", () => {
  const ids = origins.flatMap((origin) => paths.map((path) => origin + path));

  it.each(ids)("agrees with the URL parser on %s", (id) => {
    expect(splitSecretId(id)).toEqual(viaUrlParser(id));
  });

  it("agrees again when a second vault's ids follow the first's (the cached origin is not reused wrongly)", () => {
    for (const id of [
      "https://one.vault.azure.net/secrets/a/1",
      "https://one.vault.azure.net:443/secrets/a/1",
      "https://two.vault.azure.net/secrets/b/2",
      "https://ONE.vault.azure.net/secrets/a/1",
    ]) {
      expect(splitSecretId(id)).toEqual(viaUrlParser(id));
    }
  });

  it("maps a missing id to empty parts instead of throwing", () => {
    expect(splitSecretId(undefined)).toEqual({ vaultUrl: "", name: "" });
    expect(splitSecretId("not a url")).toEqual({ vaultUrl: "", name: "" });
  });

  it("reads the ids the service sends without the URL parser in Node, and with it in browsers", () => {
    const id = "https://myvault.vault.azure.net/secrets/name/0123456789abcdef0123456789abcdef";
    const parts = { vaultUrl: "https://myvault.vault.azure.net", name: "name", version: id.slice(-32) };
    expect(splitCanonicalSecretId(id)).toEqual(parts);
    expect(splitCanonicalSecretId("https://MyVault.vault.azure.net/secrets/name")).toBeUndefined();
    expect(splitInBrowser(id)).toBeUndefined();
  });
});
