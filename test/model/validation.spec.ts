import { describe, expect, it } from "vitest";
import {
  validateBackup,
  validateCredential,
  validateMaxPageSize,
  validateSecretAttributes,
  validateSecretName,
  validateSecretValue,
  validateVaultUrl,
  validateVersion,
} from "../../src/model/validation.js";

describe("validateVaultUrl", () => {
  it("returns the origin of a valid vault URL, with or without trailing slash", () => {
    for (const url of ["https://myvault.vault.azure.net", "https://myvault.vault.azure.net/"]) {
      expect(validateVaultUrl(url, false)).toEqual({ origin: "https://myvault.vault.azure.net", query: "" });
    }
    expect(validateVaultUrl("https://127.0.0.1:8443", false).origin).toBe("https://127.0.0.1:8443");
  });

  it("accepts a query, as the official client does, and returns it to be sent with every request", () => {
    expect(validateVaultUrl("https://myvault.vault.azure.net?x=1", false)).toEqual({
      origin: "https://myvault.vault.azure.net",
      query: "x=1",
    });
  });

  it("keeps a path without its trailing slash, as the official client does (a gateway below a path)", () => {
    for (const url of ["https://app.example/kv", "https://app.example/kv/"]) {
      expect(validateVaultUrl(url, false)).toEqual({ origin: "https://app.example/kv", query: "" });
    }
  });

  it("rejects a non-string with a TypeError naming vaultUrl and the type, not the value", () => {
    expect(() => validateVaultUrl(42, false)).toThrow(TypeError);
    expect(() => validateVaultUrl(undefined, false)).toThrow('"vaultUrl" must be a string, got undefined.');
  });

  it.each([
    ["a relative URL", "myvault.vault.azure.net"],
    ["a fragment", "https://myvault.vault.azure.net/#x"],
    ["credentials", "https://user:pw@myvault.vault.azure.net"],
    ["another scheme", "ftp://myvault.vault.azure.net"],
  ])("rejects %s", (_, url) => {
    expect(() => validateVaultUrl(url, false)).toThrow(/"vaultUrl"/);
  });

  it("rejects http unless insecure connections are allowed, and says how to allow them", () => {
    expect(() => validateVaultUrl("http://localhost:8080", false)).toThrow(/allowInsecureConnection: true/);
    expect(validateVaultUrl("http://localhost:8080", true).origin).toBe("http://localhost:8080");
  });
});

describe("validateCredential", () => {
  it("accepts anything with a getToken method", () => {
    expect(() => validateCredential({ getToken: async () => null })).not.toThrow();
  });

  it.each([undefined, null, {}, "token"])("rejects %j with a TypeError naming credential", (credential) => {
    expect(() => validateCredential(credential)).toThrow(TypeError);
    expect(() => validateCredential(credential)).toThrow(/^"credential" must be a TokenCredential/);
  });
});

describe("validateSecretName", () => {
  it("accepts 1-127 letters, digits and dashes, including a leading digit or dash", () => {
    for (const name of ["a", "A-1", "-lead", "9start", "x".repeat(127)]) {
      expect(() => validateSecretName(name)).not.toThrow();
    }
  });

  it.each([
    ["empty", ""],
    ["too long", "x".repeat(128)],
    ["an underscore", "my_secret"],
    ["a slash", "a/b"],
    ["a space", "a b"],
    ["a dot", "a.b"],
  ])("rejects a name that is %s with a RangeError naming the parameter", (_, name) => {
    expect(() => validateSecretName(name)).toThrow(RangeError);
    expect(() => validateSecretName(name, "name")).toThrow(/"name"/);
  });

  it("keeps a path without its trailing slash, as the official client does (a gateway below a path)", () => {
    for (const url of ["https://app.example/kv", "https://app.example/kv/"]) {
      expect(validateVaultUrl(url, false)).toEqual({ origin: "https://app.example/kv", query: "" });
    }
  });

  it("rejects a non-string with a TypeError", () => {
    expect(() => validateSecretName(null)).toThrow(TypeError);
  });
});

describe("validateVersion", () => {
  it("accepts undefined and empty (latest) and URL-safe versions", () => {
    for (const version of [undefined, "", "133e09f8d1224a378dd3ab64eb217801", "pending"]) {
      expect(() => validateVersion(version, "options.version")).not.toThrow();
    }
  });

  it.each(["a/b", "..", ".", "a?b", "a#b", "a b", "%2F"])("rejects %j", (version) => {
    expect(() => validateVersion(version, "options.version")).toThrow(RangeError);
  });

  it("keeps a path without its trailing slash, as the official client does (a gateway below a path)", () => {
    for (const url of ["https://app.example/kv", "https://app.example/kv/"]) {
      expect(validateVaultUrl(url, false)).toEqual({ origin: "https://app.example/kv", query: "" });
    }
  });

  it("rejects a non-string with a TypeError", () => {
    expect(() => validateVersion(1, "secretVersion")).toThrow(/"secretVersion" must be a string/);
  });
});

describe("validateSecretValue", () => {
  it("accepts any string, including empty", () => {
    expect(() => validateSecretValue("")).not.toThrow();
  });

  it("keeps a path without its trailing slash, as the official client does (a gateway below a path)", () => {
    for (const url of ["https://app.example/kv", "https://app.example/kv/"]) {
      expect(validateVaultUrl(url, false)).toEqual({ origin: "https://app.example/kv", query: "" });
    }
  });

  it("rejects a non-string without echoing it", () => {
    const value = { secret: "hunter2" };
    expect(() => validateSecretValue(value)).toThrow(TypeError);
    expect(() => validateSecretValue(value)).not.toThrow(/hunter2/);
  });
});

describe("validateBackup", () => {
  it("accepts a non-empty Uint8Array (and Buffer)", () => {
    expect(() => validateBackup(new Uint8Array([1]))).not.toThrow();
    expect(() => validateBackup(Buffer.from([1]))).not.toThrow();
  });

  it("rejects an empty blob with a RangeError and other types with a TypeError", () => {
    expect(() => validateBackup(new Uint8Array())).toThrow(RangeError);
    expect(() => validateBackup("AQ")).toThrow(TypeError);
    expect(() => validateBackup([1, 2])).toThrow(/"secretBundleBackup" must be a Uint8Array, got an array/);
  });
});

describe("validateSecretAttributes", () => {
  it("accepts valid attributes", () => {
    expect(() =>
      validateSecretAttributes({
        enabled: false,
        notBefore: new Date(),
        expiresOn: new Date(),
        tags: { a: "b" },
      }),
    ).not.toThrow();
  });

  it("rejects invalid dates, non-Date dates, non-boolean enabled and non-string tag values", () => {
    expect(() => validateSecretAttributes({ expiresOn: new Date("nope") })).toThrow(RangeError);
    expect(() => validateSecretAttributes({ notBefore: "2030-01-01" })).toThrow(
      /"options.notBefore" must be a Date/,
    );
    expect(() => validateSecretAttributes({ enabled: "yes" })).toThrow(TypeError);
    expect(() => validateSecretAttributes({ tags: { a: 1 } })).toThrow(TypeError);
    expect(() => validateSecretAttributes({ tags: ["a"] })).toThrow(TypeError);
    expect(() => validateSecretAttributes({ contentType: 5 })).toThrow(TypeError);
  });
});

describe("validateMaxPageSize", () => {
  it("accepts undefined and positive integers", () => {
    expect(() => validateMaxPageSize(undefined)).not.toThrow();
    expect(() => validateMaxPageSize(25)).not.toThrow();
  });

  it("rejects zero, negatives, fractions and non-numbers", () => {
    expect(() => validateMaxPageSize(0)).toThrow(RangeError);
    expect(() => validateMaxPageSize(-1)).toThrow(RangeError);
    expect(() => validateMaxPageSize(1.5)).toThrow(RangeError);
    expect(() => validateMaxPageSize("5")).toThrow(TypeError);
  });
});
