import * as official from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import * as ours from "../../src/index.js";

/** What kind of runtime value an export is: enough to catch a class turned into a function or an enum lost. */
function kindOf(value: unknown): string {
  if (typeof value === "function") {
    return /^class[\s{]/.test(Function.prototype.toString.call(value)) ? "class" : "function";
  }
  if (value === null) return "null";
  return typeof value;
}

const officialExports = Object.keys(official).filter((name) => name !== "default" && name !== "__esModule");

describe("runtime exports compared with @azure/keyvault-secrets", () => {
  it("the official package has the exports this test was written against", () => {
    expect(officialExports.sort()).toEqual(
      [
        "KnownContentType",
        "KnownDeletionRecoveryLevel",
        "RestError",
        "SecretClient",
        "isRestError",
        "logger",
        "parseKeyVaultSecretIdentifier",
      ].sort(),
    );
  });

  it.each(officialExports)("exports %s with the same kind", (name) => {
    const ourValue = (ours as Record<string, unknown>)[name];
    expect(ourValue, `${name} is missing`).toBeDefined();
    expect(kindOf(ourValue)).toBe(kindOf((official as Record<string, unknown>)[name]));
  });

  it("exports the very same RestError and isRestError as core-rest-pipeline, so instanceof keeps working", () => {
    expect(ours.RestError).toBe(official.RestError);
    expect(ours.isRestError).toBe(official.isRestError);
  });

  it("has the same members and values in the known-value enums", () => {
    expect({ ...ours.KnownDeletionRecoveryLevel }).toEqual({ ...official.KnownDeletionRecoveryLevel });
    expect({ ...ours.KnownContentType }).toEqual({ ...official.KnownContentType });
  });

  it("has every public SecretClient method of the official client", () => {
    const methods = (proto: object): string[] =>
      Object.getOwnPropertyNames(proto).filter((name) => name !== "constructor");
    const ourMethods = methods(ours.SecretClient.prototype);
    for (const method of methods(official.SecretClient.prototype)) {
      expect(ourMethods, `SecretClient.${method}`).toContain(method);
      expect(typeof (ours.SecretClient.prototype as unknown as Record<string, unknown>)[method]).toBe(
        "function",
      );
    }
  });

  it("logs on a logger channel with the same interface (info, warning, error, verbose)", () => {
    for (const level of ["info", "warning", "error", "verbose"] as const) {
      expect(typeof ours.logger[level]).toBe("function");
    }
  });

  it("parses identifiers like the official parser", () => {
    const ids = [
      "https://myvault.vault.azure.net/secrets/name/4387e9f3d6e14c459867679a90fd0f79",
      "https://myvault.vault.azure.net:8443/secrets/name",
      "https://myvault.vault.azure.net/deletedsecrets/name",
      "https://myvault.vault.azure.net/secrets/name/pending",
    ];
    for (const id of ids) {
      expect(ours.parseKeyVaultSecretIdentifier(id)).toEqual(official.parseKeyVaultSecretIdentifier(id));
    }
  });
});
