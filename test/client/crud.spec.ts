import { describe, expect, it } from "vitest";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { KnownContentType, SecretClient } from "../../src/index.js";
import { createClientFixture, uniqueName } from "../helpers/clientFixture.js";

const fiveMinutes = 5 * 60 * 1000;

describe("SecretClient.setSecret", () => {
  it("returns the name and value it was given", async () => {
    const { client } = createClientFixture();
    const secret = await client.setSecret("db-password", "s3cr3t");
    expect(secret.name).toBe("db-password");
    expect(secret.value).toBe("s3cr3t");
    expect(secret.properties.name).toBe("db-password");
  });

  it("accepts an empty value and returns it as an empty string", async () => {
    const { client } = createClientFixture();
    const secret = await client.setSecret("empty", "");
    expect(secret.value).toBe("");
    expect((await client.getSecret("empty")).value).toBe("");
  });

  it("creates a new 32-hex version on every call", async () => {
    const { client } = createClientFixture();
    const versions = new Set<string>();
    for (const value of ["v1", "v2", "v3"]) {
      const { properties } = await client.setSecret("rotating", value);
      expect(properties.version).toMatch(/^[0-9a-f]{32}$/);
      versions.add(properties.version!);
    }
    expect(versions.size).toBe(3);
  });

  it("round-trips content type, dates (whole seconds), enabled and tags", async () => {
    const { client, emulator } = createClientFixture();
    const notBefore = new Date("2026-01-01T00:00:00.000Z");
    const expiresOn = new Date("2030-06-01T12:30:45.678Z");
    const set = await client.setSecret("extended", "v", {
      contentType: "text/plain",
      notBefore,
      expiresOn,
      enabled: true,
      tags: { env: "dev", team: "core" },
    });
    expect(set.properties).toMatchObject({
      contentType: "text/plain",
      enabled: true,
      tags: { env: "dev", team: "core" },
      vaultUrl: emulator.vaultUrl,
      recoveryLevel: "Recoverable+Purgeable",
      recoverableDays: 90,
    });
    expect(set.properties.notBefore).toEqual(notBefore);
    expect(set.properties.expiresOn).toEqual(new Date("2030-06-01T12:30:45.000Z"));
    expect(Math.abs(set.properties.createdOn!.getTime() - Date.now())).toBeLessThan(fiveMinutes);
    expect(Math.abs(set.properties.updatedOn!.getTime() - Date.now())).toBeLessThan(fiveMinutes);
    const got = await client.getSecret("extended");
    expect(got.properties).toEqual(set.properties);
  });

  it("sends the value only in the body of the authorized request", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("wire", "the-value");
    const puts = sent.filter((r) => r.method === "PUT");
    expect(puts[0].authorization).toBeUndefined();
    expect(puts[0].body).toBe("");
    expect(puts[1].authorization).toMatch(/^Bearer /);
    expect(JSON.parse(puts[1].body)).toMatchObject({ value: "the-value" });
    expect(puts[1].url.pathname).toBe("/secrets/wire");
  });
});

describe("SecretClient.getSecret", () => {
  it("returns the latest version when no version is given, via GET /secrets/{name}/", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("pick", "old");
    const latest = await client.setSecret("pick", "new");
    const got = await client.getSecret("pick");
    expect(got.value).toBe("new");
    expect(got.properties.version).toBe(latest.properties.version);
    expect(sent.at(-1)!.url.pathname).toBe("/secrets/pick/");
  });

  it("returns an older version when asked for it", async () => {
    const { client } = createClientFixture();
    await client.setSecret("pick", "v1");
    const v2 = await client.setSecret("pick", "v2");
    await client.setSecret("pick", "v3");
    const got = await client.getSecret("pick", { version: v2.properties.version });
    expect(got.value).toBe("v2");
    expect(got.properties.id).toBe(v2.properties.id);
  });

  it("does not enforce notBefore or expiresOn: only enabled blocks a read", async () => {
    const { client } = createClientFixture();
    await client.setSecret("future", "f", { notBefore: new Date("2099-01-01T00:00:00Z") });
    await client.setSecret("expired", "e", { expiresOn: new Date("2001-01-01T00:00:00Z") });
    expect((await client.getSecret("future")).value).toBe("f");
    expect((await client.getSecret("expired")).value).toBe("e");
  });

  it("fails with 403 Forbidden / SecretDisabled on a disabled secret", async () => {
    const { client } = createClientFixture();
    await client.setSecret("off", "v", { enabled: false });
    const error = await client.getSecret("off").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "RestError", statusCode: 403, code: "Forbidden" });
    expect((error as Error).message).toMatch(/not allowed on a disabled secret/);
    expect(
      (error as { details?: { error?: { innererror?: { code?: string } } } }).details?.error?.innererror
        ?.code,
    ).toBe("SecretDisabled");
  });

  it("still reads the latest version when only an older version is disabled", async () => {
    const { client } = createClientFixture();
    const old = await client.setSecret("partly", "old");
    await client.setSecret("partly", "new");
    await client.updateSecretProperties("partly", old.properties.version!, { enabled: false });
    expect((await client.getSecret("partly")).value).toBe("new");
    await client.updateSecretProperties("partly", "", { enabled: false });
    await expect(client.getSecret("partly")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("fails with 404 SecretNotFound for a missing name", async () => {
    const { client } = createClientFixture();
    const error = await client.getSecret("nope").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: "SecretNotFound" });
    expect((error as Error).message).toMatch(
      /^A secret with \(name\/id\) nope was not found in this key vault/,
    );
  });

  it("fails with 404 naming name/version for a missing version", async () => {
    const { client } = createClientFixture();
    await client.setSecret("versioned", "v");
    const version = "0123456789abcdef0123456789abcdef";
    const error = await client.getSecret("versioned", { version }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: "SecretNotFound" });
    expect((error as Error).message).toContain(`versioned/${version}`);
  });

  it("sends outContentType only when asked for, together with a version", async () => {
    const { client, sent } = createClientFixture();
    const { properties } = await client.setSecret("plain", "v");
    await client.getSecret("plain");
    expect(sent.at(-1)!.url.searchParams.has("outContentType")).toBe(false);
    // A plain secret cannot be converted: the service (and emulator) answer 400; the query is what matters.
    await client
      .getSecret("plain", { version: properties.version, outContentType: KnownContentType.PEM })
      .catch(() => undefined);
    const last = sent.at(-1)!;
    expect(last.url.searchParams.get("outContentType")).toBe("application/x-pem-file");
    expect(last.url.pathname).toBe(`/secrets/plain/${properties.version}`);
  });

  it("leaves previousVersion, certificateKeyId and managed unset for plain secrets", async () => {
    const { client } = createClientFixture();
    const secret = await client.setSecret("plain", "v");
    expect(secret.properties.previousVersion).toBeUndefined();
    expect(secret.properties.certificateKeyId).toBeUndefined();
    expect(secret.properties.managed).toBeFalsy();
  });
});

describe("SecretClient with certificate-backed secrets", () => {
  it("maps kid to certificateKeyId, managed and previousVersion when the service sends them", async () => {
    const { emulator, httpClient } = createClientFixture();
    const kid = `${emulator.vaultUrl}/keys/cert/0123456789abcdef0123456789abcdef`;
    const previousVersion = "fedcba9876543210fedcba9876543210";
    // The emulator cannot create certificates; add what the service sends for a certificate's secret.
    const certificateLike: HttpClient = {
      async sendRequest(request) {
        const response = await httpClient.sendRequest(request);
        if (request.method === "GET" && response.status === 200 && response.bodyAsText) {
          response.bodyAsText = JSON.stringify({
            ...JSON.parse(response.bodyAsText),
            kid,
            managed: true,
            previousVersion,
          });
        }
        return response;
      },
    };
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: certificateLike });
    await client.setSecret("cert", "pfx-bytes", { contentType: KnownContentType.PFX });
    const { properties } = await client.getSecret("cert");
    expect(properties).toMatchObject({ certificateKeyId: kid, managed: true, previousVersion });
    expect(properties.keyId).toBeUndefined();
  });
});

describe("SecretClient.updateSecretProperties", () => {
  it("targets the latest version when the version is empty (PATCH /secrets/{name}/)", async () => {
    const { client, sent } = createClientFixture();
    const latest = await client.setSecret("upd", "v");
    const expiresOn = new Date("2031-01-01T00:00:00Z");
    const updated = await client.updateSecretProperties("upd", "", { expiresOn });
    expect(updated.expiresOn).toEqual(expiresOn);
    expect(updated.version).toBe(latest.properties.version);
    const patch = sent.filter((r) => r.method === "PATCH").at(-1)!;
    expect(patch.url.pathname).toBe("/secrets/upd/");
  });

  it("changes only what is sent and keeps the id", async () => {
    const { client } = createClientFixture();
    const set = await client.setSecret("upd", "v", {
      contentType: "text/plain",
      tags: { a: "1" },
      notBefore: new Date("2026-01-01T00:00:00Z"),
    });
    const expiresOn = new Date("2032-01-01T00:00:00Z");
    const updated = await client.updateSecretProperties("upd", set.properties.version!, { expiresOn });
    expect(updated).toMatchObject({
      id: set.properties.id,
      contentType: "text/plain",
      tags: { a: "1" },
      enabled: true,
      notBefore: set.properties.notBefore,
      expiresOn,
    });
    expect((updated as { value?: unknown }).value).toBeUndefined();
  });

  it("replaces tags as a whole", async () => {
    const { client } = createClientFixture();
    await client.setSecret("tags", "v", { tags: { A: "1", B: "2" } });
    expect(
      (await client.updateSecretProperties("tags", "", { tags: { A: "1", B: "3", C: "4" } })).tags,
    ).toEqual({
      A: "1",
      B: "3",
      C: "4",
    });
    expect((await client.updateSecretProperties("tags", "", { tags: { D: "5" } })).tags).toEqual({ D: "5" });
  });

  it("updates content type and enabled, visible on a later get", async () => {
    const { client } = createClientFixture();
    const { properties } = await client.setSecret("fields", "v");
    await client.updateSecretProperties("fields", properties.version!, { contentType: "application/json" });
    expect((await client.getSecret("fields")).properties.contentType).toBe("application/json");
  });

  it("can update a disabled secret", async () => {
    const { client } = createClientFixture();
    await client.setSecret("off", "v", { enabled: false });
    const expiresOn = new Date("2033-01-01T00:00:00Z");
    const updated = await client.updateSecretProperties("off", "", { expiresOn });
    expect(updated.expiresOn).toEqual(expiresOn);
    expect(updated.enabled).toBe(false);
  });

  it("fails with 404 for a missing secret", async () => {
    const { client } = createClientFixture();
    await expect(
      client.updateSecretProperties(uniqueName("missing"), "", { enabled: true }),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });
});
