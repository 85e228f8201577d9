import { describe, expect, it } from "vitest";
import { ReferenceSyntaxError, parseReference, vaultLabel } from "../../../src/cli/references/reference.js";
import {
  DEFAULT_VAULT_URL_TEMPLATE,
  checkVaultUrlTemplate,
  vaultUrlFromTemplate,
} from "../../../src/cli/references/vaultUrl.js";

const parse = (text: string, template = DEFAULT_VAULT_URL_TEMPLATE) => parseReference(text, template);

describe("reading references", () => {
  it("reads secret URLs of any Key Vault host, latest and versioned", () => {
    expect(parse("https://app.vault.azure.net/secrets/db-password")).toEqual({
      text: "https://app.vault.azure.net/secrets/db-password",
      vaultUrl: "https://app.vault.azure.net",
      name: "db-password",
      version: undefined,
    });
    expect(parse("https://gov.vault.usgovcloudapi.net/secrets/x/0123abcd")).toMatchObject({
      vaultUrl: "https://gov.vault.usgovcloudapi.net",
      version: "0123abcd",
    });
    expect(parse("https://cn.vault.azure.cn/secrets/x/")).toMatchObject({
      vaultUrl: "https://cn.vault.azure.cn",
    });
    expect(parse("https://app.vault.localhost:8443/secrets/x")).toMatchObject({
      vaultUrl: "https://app.vault.localhost:8443",
    });
    expect(parse("https://127.0.0.1:8443/secrets/x")).toMatchObject({ vaultUrl: "https://127.0.0.1:8443" });
  });

  it("reads App Service references, by URI and by vault name, keys in any case and order", () => {
    expect(parse("@Microsoft.KeyVault(SecretUri=https://app.vault.azure.net/secrets/a/v1)")).toMatchObject({
      vaultUrl: "https://app.vault.azure.net",
      name: "a",
      version: "v1",
    });
    expect(parse("@Microsoft.KeyVault(secretname=a;VaultName=App;SecretVersion=v2)")).toMatchObject({
      vaultUrl: "https://app.vault.azure.net",
      name: "a",
      version: "v2",
    });
  });

  it("reads azd references with the vault-name rule", () => {
    expect(parse("akvs://0000-sub/app/db", "https://{vault}.vault.localhost:9443")).toMatchObject({
      vaultUrl: "https://app.vault.localhost:9443",
      name: "db",
    });
  });

  it("leaves plain values alone, vault URLs without a secret path and other sites included", () => {
    for (const value of [
      "hello",
      "",
      "https://app.vault.localhost:8443",
      "https://app.vault.azure.net/keys/k",
      "https://example.com/secrets/x",
      "postgres://u@h/db",
    ]) {
      expect(parse(value)).toBeUndefined();
    }
  });

  it.each([
    ["https://app.vault.azure.net/secrets/", "the path must be /secrets/<name>[/<version>]"],
    ["https://app.vault.azure.net/secrets/a/b/c", "the path must be /secrets/<name>[/<version>]"],
    ["https://app.vault.azure.net/secrets/a?x=1", "no query, fragment or credentials"],
    ["https://app.vault.azure.net/secrets/bad_name", '"bad_name" is not a secret name'],
    ["https://app.vault.azure.net/secrets/a/ver-sion", '"ver-sion" is not a secret version'],
    ["@Microsoft.KeyVault(VaultName=app", "is not closed"],
    ["@Microsoft.KeyVault(VaultName=app)", "needs SecretUri=<url>, or VaultName=<vault>;SecretName=<name>"],
    ["@Microsoft.KeyVault(Vault=app;SecretName=a)", 'unknown key "Vault"'],
    ["@Microsoft.KeyVault(SecretUri=https://a.vault.azure.net/secrets/a;SecretName=b)", "takes no other key"],
    ["@Microsoft.KeyVault(VaultName=1x;SecretName=a)", '"1x" is not a vault name'],
    ["akvs://sub/app", "akvs://<subscription-id>/<vault>/<secret-name>"],
  ])("refuses %s: %s", (text, message) => {
    expect(() => parse(text)).toThrow(ReferenceSyntaxError);
    expect(() => parse(text)).toThrow(message);
  });

  it("names vaults by the first label of their host, or by the address", () => {
    expect(vaultLabel("https://app.vault.azure.net")).toBe("app");
    expect(vaultLabel("https://127.0.0.1:8443")).toBe("127.0.0.1:8443");
  });

  it("checks the vault-name rule and applies it", () => {
    expect(vaultUrlFromTemplate("App", "https://{vault}.vault.usgovcloudapi.net/")).toBe(
      "https://app.vault.usgovcloudapi.net",
    );
    expect(() => checkVaultUrlTemplate("https://vault.azure.net", "--vault-url-template")).toThrow(
      "--vault-url-template must be a URL with {vault} in its host",
    );
    expect(() => checkVaultUrlTemplate("https://{vault}.vault.azure.net/x", "T")).toThrow(
      "must end after the host",
    );
  });
});
