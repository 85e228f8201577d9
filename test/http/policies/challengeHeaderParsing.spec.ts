// WWW-Authenticate parsing beyond Key Vault's usual quoting: unquoted values, a header without the Bearer
// scheme whose values mention it, and no tenant key when the challenge names no authority.
import { describe, expect, it } from "vitest";
import { parseWWWAuthenticate } from "../../../src/http/policies/wwwAuthenticate.js";

describe("parseWWWAuthenticate", () => {
  it("reads unquoted values whole", () => {
    expect(
      parseWWWAuthenticate(
        "Bearer resource=https://vault.azure.net,error=insufficient_claims claims=eyJhIjoxfQ",
      ),
    ).toEqual({ resource: "https://vault.azure.net", error: "insufficient_claims", claims: "eyJhIjoxfQ" });
  });

  it("strips only a leading Bearer scheme, never the word inside a value", () => {
    expect(parseWWWAuthenticate('scope="use Bearer tokens"')).toEqual({ scope: "use Bearer tokens" });
  });

  it("has no tenantId key when the challenge names no authority", () => {
    expect(Object.keys(parseWWWAuthenticate('Bearer resource="https://vault.azure.net"'))).toEqual([
      "resource",
    ]);
  });
});
