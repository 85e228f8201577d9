import { describe, expect, it } from "vitest";
import * as requests from "../../src/wire/requests.js";

describe("wire requests", () => {
  it("setSecret: PUT /secrets/{name} with value, nested attributes in epoch seconds, tags and content type", () => {
    const spec = requests.setSecretRequest("db-password", "s3cr3t", {
      contentType: "text/plain",
      tags: { env: "dev" },
      enabled: true,
      notBefore: new Date("2025-01-01T00:00:00.999Z"),
      expiresOn: new Date("2026-01-01T00:00:00Z"),
    });
    expect(spec).toEqual({
      method: "PUT",
      path: "/secrets/db-password",
      body: {
        value: "s3cr3t",
        contentType: "text/plain",
        tags: { env: "dev" },
        attributes: { enabled: true, nbf: 1735689600, exp: 1767225600 },
      },
      expectedStatus: [200],
    });
  });

  it("setSecret: sends an empty value and always an attributes object", () => {
    expect(requests.setSecretRequest("n", "", {}).body).toEqual({ value: "", attributes: {} });
  });

  it("setSecret: ignores operation options such as abortSignal and requestOptions", () => {
    const body = requests.setSecretRequest("n", "v", {
      requestOptions: { timeout: 5 },
      abortSignal: undefined,
    }).body;
    expect(body).toEqual({ value: "v", attributes: {} });
  });

  it("getSecret: latest version is GET /secrets/{name}/ with an empty last segment", () => {
    expect(requests.getSecretRequest("n", {})).toMatchObject({
      method: "GET",
      path: "/secrets/n/",
      query: undefined,
    });
  });

  it("getSecret: a version and outContentType go into the path and the query", () => {
    expect(
      requests.getSecretRequest("n", { version: "abc", outContentType: "application/x-pem-file" }),
    ).toMatchObject({
      path: "/secrets/n/abc",
      query: { outContentType: "application/x-pem-file" },
    });
  });

  it("percent-encodes each path segment", () => {
    expect(requests.getSecretRequest("a/b", { version: "c?d" }).path).toBe("/secrets/a%2Fb/c%3Fd");
    expect(requests.getSecretRequest("with-dash", {}).path).toBe("/secrets/with-dash/");
  });

  it("updateSecretProperties: PATCH with only the given fields; empty version targets the latest", () => {
    expect(
      requests.updateSecretPropertiesRequest("n", "", { expiresOn: new Date(32503680000 * 1000) }),
    ).toEqual({
      method: "PATCH",
      path: "/secrets/n/",
      body: { attributes: { exp: 32503680000 } },
      expectedStatus: [200],
    });
    expect(
      requests.updateSecretPropertiesRequest("n", "v1", { enabled: false, tags: {}, contentType: "" }).body,
    ).toEqual({
      attributes: { enabled: false },
      tags: {},
      contentType: "",
    });
  });

  it.each([
    ["deleteSecret", requests.deleteSecretRequest("n"), "DELETE", "/secrets/n", [200]],
    ["getDeletedSecret", requests.getDeletedSecretRequest("n"), "GET", "/deletedsecrets/n", [200]],
    ["purgeDeletedSecret", requests.purgeDeletedSecretRequest("n"), "DELETE", "/deletedsecrets/n", [204]],
    [
      "recoverDeletedSecret",
      requests.recoverDeletedSecretRequest("n"),
      "POST",
      "/deletedsecrets/n/recover",
      [200],
    ],
    ["backupSecret", requests.backupSecretRequest("n"), "POST", "/secrets/n/backup", [200]],
  ])("%s: %s %s without body", (_, spec, method, path, expectedStatus) => {
    expect(spec).toEqual({ method, path, expectedStatus });
  });

  it("restoreSecretBackup: POST /secrets/restore with the blob as unpadded base64url", () => {
    expect(requests.restoreSecretBackupRequest(new Uint8Array([0xfb, 0xff, 0xbf, 1]))).toEqual({
      method: "POST",
      path: "/secrets/restore",
      body: { value: "-_-_AQ" },
      expectedStatus: [200],
    });
  });

  it("listings: maxPageSize becomes maxresults and is left out when unset", () => {
    expect(requests.listSecretsRequest()).toMatchObject({
      method: "GET",
      path: "/secrets",
      query: undefined,
    });
    expect(requests.listSecretsRequest(5).query).toEqual({ maxresults: "5" });
    expect(requests.listSecretVersionsRequest("n", 1)).toMatchObject({
      path: "/secrets/n/versions",
      query: { maxresults: "1" },
    });
    expect(requests.listDeletedSecretsRequest(25)).toMatchObject({
      path: "/deletedsecrets",
      query: { maxresults: "25" },
    });
  });

  it("nextPage: GETs the service's nextLink verbatim", () => {
    const link = "https://v.vault.azure.net:443/secrets?api-version=7.6&$skiptoken=abc&maxresults=1";
    expect(requests.nextPageRequest(link)).toEqual({ method: "GET", url: link, expectedStatus: [200] });
  });
});
