import { describe, expect, it } from "vitest";
import { decodeClaims, parseWWWAuthenticate } from "../../../src/http/policies/wwwAuthenticate.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("parseWWWAuthenticate", () => {
  it("reads authorization, resource and the tenant from a comma-separated Key Vault challenge", () => {
    expect(
      parseWWWAuthenticate(
        `Bearer authorization="https://login.windows.net/${TENANT}", resource="https://vault.azure.net"`,
      ),
    ).toEqual({
      authorization: `https://login.windows.net/${TENANT}`,
      resource: "https://vault.azure.net",
      tenantId: TENANT,
    });
  });

  it("accepts space-separated parameters and no Bearer prefix", () => {
    expect(
      parseWWWAuthenticate(`authorization="https://login.microsoftonline.com/${TENANT}" scope="s/.default"`),
    ).toEqual({
      authorization: `https://login.microsoftonline.com/${TENANT}`,
      scope: "s/.default",
      tenantId: TENANT,
    });
  });

  it("keeps values that contain '=' (padded base64 claims) whole", () => {
    const claims = btoa('{"access_token":{}}');
    expect(claims.endsWith("=")).toBe(true);
    const parsed = parseWWWAuthenticate(`Bearer error="insufficient_claims", claims="${claims}"`);
    expect(parsed.claims).toBe(claims);
    expect(parsed.error).toBe("insufficient_claims");
  });

  it("drops unknown parameters such as realm", () => {
    expect(parseWWWAuthenticate('Bearer realm="", a="a", b="b", resource="https://vault.azure.net"')).toEqual(
      {
        resource: "https://vault.azure.net",
      },
    );
  });

  it("takes the tenant from authorization_uri (first path segment) for CAE challenges", () => {
    const parsed = parseWWWAuthenticate(
      'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims"',
    );
    expect(parsed.tenantId).toBe("common");
  });

  it("passes no tenant for AD FS authorities or unparsable authorities", () => {
    expect(parseWWWAuthenticate('authorization="https://adfs.contoso.com/adfs"').tenantId).toBeUndefined();
    expect(parseWWWAuthenticate('authorization="not a url"').tenantId).toBeUndefined();
  });

  it("returns nothing for an empty header", () => {
    expect(parseWWWAuthenticate("")).toEqual({});
    expect(parseWWWAuthenticate("Bearer")).toEqual({});
  });
});

describe("decodeClaims", () => {
  const json = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}';

  it("decodes padded and unpadded base64", () => {
    expect(decodeClaims(btoa(json))).toBe(json);
    expect(decodeClaims(btoa(json).replace(/=+$/, ""))).toBe(json);
  });

  it("decodes base64url", () => {
    const text = '{"a":"??>>"}';
    expect(decodeClaims(btoa(text).replace(/\+/g, "-").replace(/\//g, "_"))).toBe(text);
  });
});
