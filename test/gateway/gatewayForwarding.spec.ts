import { RestError } from "@azure/core-rest-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { createSecretsGateway, type GatewayAuditEvent } from "../../src/gateway/index.js";
import { collect } from "../helpers/clientFixture.js";
import { APP_ORIGIN, createGatewayFixture, pageCredential } from "../helpers/gatewayFixture.js";

const audit: GatewayAuditEvent[] = [];
const fixture = createGatewayFixture({
  allow: {
    operations: [
      "getSecret",
      "setSecret",
      "updateSecretProperties",
      "beginDeleteSecret",
      "listPropertiesOfSecrets",
      "listPropertiesOfSecretVersions",
    ],
    names: (name) => name.startsWith("app-"),
  },
  authorize: ({ request }) =>
    request.headers.get("cookie") === "session=alice" ? { callerKey: "alice" } : false,
  onAudit: (event) => audit.push(event),
  rateLimit: false,
});
const page = fixture.pageWith({ origin: APP_ORIGIN, cookie: "session=alice" });

beforeAll(async () => {
  await fixture.upstream.setSecret("app-config", "config-value-1");
  await fixture.upstream.setSecret("server-only", "server-value-1");
});

describe("a page client through the gateway", () => {
  it("reads a secret with the vault's id unchanged, and never asks the page's credential for a token", async () => {
    const secret = await page.getSecret("app-config");
    expect(secret.value).toBe("config-value-1");
    expect(secret.properties.id).toMatch(
      /^https:\/\/emulator\.vault\.localhost\/secrets\/app-config\/[0-9a-f]{32}$/,
    );
    expect(secret.properties.vaultUrl).toBe("https://emulator.vault.localhost");
    expect(pageCredential.calls).toBe(0);
  });

  it("sets, updates, lists versions of and deletes a secret", async () => {
    const set = await page.setSecret("app-written", "written-1", {
      contentType: "text/plain",
      tags: { a: "b" },
    });
    expect(set.properties.contentType).toBe("text/plain");
    expect((await fixture.upstream.getSecret("app-written")).value).toBe("written-1");
    const updated = await page.updateSecretProperties("app-written", set.properties.version!, {
      enabled: false,
    });
    expect(updated.enabled).toBe(false);
    expect(await collect(page.listPropertiesOfSecretVersions("app-written"))).toHaveLength(1);
    const poller = await page.beginDeleteSecret("app-written");
    expect(poller.getOperationState().result?.name).toBe("app-written");
    expect(pageCredential.calls).toBe(0);
  });

  it("answers a name outside the allow-list with a 403 RestError, and nothing reaches the vault", async () => {
    fixture.emulator.journal.clear();
    const error = await page.getSecret("server-only").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 403, code: "Forbidden" });
    expect(fixture.upstreamRequests()).toBe(0);
  });

  it("answers an operation outside the allow-list with 403", async () => {
    fixture.emulator.journal.clear();
    await expect(page.backupSecret("app-config")).rejects.toMatchObject({ statusCode: 403 });
    await expect(page.purgeDeletedSecret("app-config")).rejects.toMatchObject({ statusCode: 403 });
    await expect(collect(page.listDeletedSecrets())).rejects.toMatchObject({ statusCode: 403 });
    expect(fixture.upstreamRequests()).toBe(0);
  });

  it("passes the vault's own errors through with their code", async () => {
    await expect(page.getSecret("app-missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });
});

describe("authorize", () => {
  it("refuses with 403 when the app's check says no, before the vault is asked", async () => {
    fixture.emulator.journal.clear();
    const stranger = fixture.pageWith({ origin: APP_ORIGIN, authorization: "Bearer stolen" });
    await expect(stranger.getSecret("app-config")).rejects.toMatchObject({ statusCode: 403 });
    expect(fixture.upstreamRequests()).toBe(0);
  });

  it("is asked with the operation and name, and a throw refuses (fails closed)", async () => {
    const seen: unknown[] = [];
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      basePath: "/kv",
      allow: { operations: ["getSecret"], names: ["app-config"] },
      authorize: ({ operation, name }) => {
        seen.push({ operation, name });
        throw new Error("session store down");
      },
    });
    const response = await gateway(new Request(`${APP_ORIGIN}/kv/secrets/app-config?api-version=7.6`));
    expect(response.status).toBe(403);
    expect(seen).toEqual([{ operation: "getSecret", name: "app-config" }]);
  });

  it("refuses anything but true or a caller key (deny by default)", async () => {
    for (const answer of [undefined, null, "yes", 1, {}, { callerKey: 42 }]) {
      const gateway = createSecretsGateway({
        client: fixture.upstream,
        allow: { operations: ["getSecret"], names: ["app-config"] },
        authorize: () => answer as unknown as boolean,
      });
      const response = await gateway(new Request(`${APP_ORIGIN}/secrets/app-config?api-version=7.6`));
      expect(response.status, JSON.stringify(answer)).toBe(403);
    }
  });
});

describe("audit", () => {
  it("records one event per request with operation, name, caller, decision, status and duration", async () => {
    audit.length = 0;
    await page.getSecret("app-config");
    await page.getSecret("server-only").catch(() => undefined);
    expect(audit).toEqual([
      expect.objectContaining({
        operation: "getSecret",
        name: "app-config",
        callerKey: "alice",
        decision: "forwarded",
        status: 200,
      }),
      expect.objectContaining({
        operation: "getSecret",
        name: "server-only",
        callerKey: "203.0.113.7",
        decision: "name-not-allowed",
        status: 403,
      }),
    ]);
    for (const event of audit) expect(event.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("every operation, when named", () => {
  it("backs up, deletes, reads deleted, recovers, purges and restores through the gateway", async () => {
    const all = createGatewayFixture({
      allow: {
        operations: [
          "getSecret",
          "setSecret",
          "backupSecret",
          "beginDeleteSecret",
          "getDeletedSecret",
          "listDeletedSecrets",
          "beginRecoverDeletedSecret",
          "purgeDeletedSecret",
          "restoreSecretBackup",
          "listPropertiesOfSecretVersions",
        ],
        names: /^app-/,
      },
    });
    const { page } = all;
    await page.setSecret("app-cycle", "cycle-value");
    const backup = await page.backupSecret("app-cycle");
    await (await page.beginDeleteSecret("app-cycle", { intervalInMs: 0 })).pollUntilDone();
    expect((await page.getDeletedSecret("app-cycle")).name).toBe("app-cycle");
    expect((await collect(page.listDeletedSecrets())).map((deleted) => deleted.name)).toEqual(["app-cycle"]);
    await (await page.beginRecoverDeletedSecret("app-cycle", { intervalInMs: 0 })).pollUntilDone();
    expect((await page.getSecret("app-cycle")).value).toBe("cycle-value");
    await (await page.beginDeleteSecret("app-cycle", { intervalInMs: 0 })).pollUntilDone();
    await page.purgeDeletedSecret("app-cycle");
    const restored = await page.restoreSecretBackup(backup!);
    expect(restored.name).toBe("app-cycle");
    expect(await collect(page.listPropertiesOfSecretVersions("app-cycle"))).toHaveLength(1);
    expect(pageCredential.calls).toBe(0);
  });
});
