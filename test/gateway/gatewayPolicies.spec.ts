import { AzureLogger, setLogLevel } from "@azure/logger";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSecretsGateway, type GatewayAuditEvent } from "../../src/gateway/index.js";
import { collect } from "../helpers/clientFixture.js";
import {
  APP_ORIGIN,
  createGatewayFixture,
  fetchBridge,
  PAGE_VAULT_URL,
  pageCredential,
} from "../helpers/gatewayFixture.js";
import { SecretClient } from "../../src/index.js";

const V = "api-version=7.6";
const fixture = createGatewayFixture({
  allow: {
    operations: ["listPropertiesOfSecrets", "getSecret", "setSecret", "backupSecret"],
    names: /^app-/,
  },
  rateLimit: false,
  corsOrigins: ["https://admin.example"],
});

beforeAll(async () => {
  // Interleaved so that every page of 2 has allowed and refused names.
  for (let index = 0; index < 5; index += 1) {
    await fixture.upstream.setSecret(`app-${index}`, `value-${index}`);
    await fixture.upstream.setSecret(`hidden-${index}`, `hidden-value-${index}`);
  }
});

describe("listing through the gateway", () => {
  it("filters every page to allowed names and follows rewritten nextLinks to the end", async () => {
    const names = (await collect(fixture.page.listPropertiesOfSecrets())).map((secret) => secret.name);
    expect(names.sort()).toEqual(["app-0", "app-1", "app-2", "app-3", "app-4"]);
  });

  it("rewrites each nextLink onto the gateway, keeps ids as the vault wrote them, and resumes from one", async () => {
    const response = await fixture.gateway(new Request(`${APP_ORIGIN}/kv/secrets?${V}&maxresults=2`));
    const page = (await response.json()) as { value: { id: string }[]; nextLink: string };
    expect(page.nextLink).toMatch(/^https:\/\/app\.example\/kv\/secrets\?.*\$skiptoken=/);
    for (const item of page.value)
      expect(item.id).toMatch(/^https:\/\/emulator\.vault\.localhost\/secrets\/app-/);
    const pages = fixture.page
      .listPropertiesOfSecrets()
      .byPage({ continuationToken: page.nextLink, maxPageSize: 2 });
    const next = await pages.next();
    expect(next.done).toBe(false);
    expect(pageCredential.calls).toBe(0);
  });

  it("refuses a $skiptoken request whose api-version is not allowed, without asking the vault", async () => {
    fixture.emulator.journal.clear();
    const response = await fixture.gateway(
      new Request(`${APP_ORIGIN}/kv/secrets?api-version=6.0&$skiptoken=x`),
    );
    expect(response.status).toBe(400);
    expect(fixture.upstreamRequests()).toBe(0);
  });
});

describe("responses", () => {
  it("never pass WWW-Authenticate, Set-Cookie or upstream headers to the page, and are not cacheable", async () => {
    const response = await fixture.gateway(new Request(`${APP_ORIGIN}/kv/secrets/app-0?${V}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect([...response.headers.keys()].sort()).toEqual(
      expect.arrayContaining(["cache-control", "content-type", "x-content-type-options"]),
    );
    for (const [name] of response.headers)
      expect(name).toMatch(/^(cache-control|content-type|x-content-type-options|x-ms-|retry-after)/);
  });

  it("turns an upstream 401 (the gateway's identity refused) into a 502 without a challenge", async () => {
    const refused = createSecretsGateway({
      client: new SecretClient(
        fixture.emulator.vaultUrl,
        { getToken: async () => ({ token: "not-a-token", expiresOnTimestamp: Date.now() + 3_600_000 }) },
        { httpClient: fixture.emulator },
      ),
      basePath: "/kv",
      allow: { operations: ["getSecret"], names: ["app-0"] },
    });
    const response = await refused(new Request(`${APP_ORIGIN}/kv/secrets/app-0?${V}`));
    expect(response.status).toBe(502);
    expect(response.headers.get("www-authenticate")).toBeNull();
  });

  it("answers 502 when the vault cannot be reached", async () => {
    const unreachable = createSecretsGateway({
      client: new SecretClient("https://nowhere.example", pageCredential, {
        httpClient: {
          sendRequest: () =>
            Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
        },
        retryOptions: { maxRetries: 0 },
      }),
      allow: { operations: ["getSecret"], names: ["a"] },
    });
    expect((await unreachable(new Request(`https://app.example/secrets/a?${V}`))).status).toBe(502);
  });
});

describe("same-origin writes and CORS", () => {
  it("lets a same-origin page write (Origin or Sec-Fetch-Site), and a listed CORS origin", async () => {
    await fixture.page.setSecret("app-same-origin", "v");
    await fixture.pageWith({ "sec-fetch-site": "same-origin" }).setSecret("app-fetch-site", "v");
    await fixture.pageWith({ origin: "https://admin.example" }).setSecret("app-admin", "v");
    expect((await fixture.upstream.getSecret("app-admin")).value).toBe("v");
  });

  it("refuses a write from another origin with a 403 RestError", async () => {
    await expect(
      fixture.pageWith({ origin: "https://evil.example" }).setSecret("app-evil", "v"),
    ).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(fixture.upstream.getSecret("app-evil")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("treats backup (a POST) as a write too", async () => {
    await expect(
      fixture.pageWith({ origin: "https://evil.example" }).backupSecret("app-0"),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect((await fixture.page.backupSecret("app-0"))?.byteLength).toBeGreaterThan(0);
  });

  it("lets a non-browser caller write with the app's custom header", async () => {
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      basePath: "/kv",
      allow: { operations: ["setSecret"], names: /^app-/ },
      csrfHeader: "x-requested-with",
    });
    const client = new SecretClient(PAGE_VAULT_URL, pageCredential, {
      httpClient: fetchBridge(gateway, { "x-requested-with": "app" }),
    });
    await client.setSecret("app-header", "v");
    const without = new SecretClient(PAGE_VAULT_URL, pageCredential, { httpClient: fetchBridge(gateway) });
    await expect(without.setSecret("app-header", "v")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("answers CORS preflights and requests only for listed origins", async () => {
    const preflight = (origin: string) =>
      fixture.gateway(
        new Request(`${APP_ORIGIN}/kv/secrets/app-0?${V}`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "PUT",
            "access-control-request-headers": "content-type, authorization",
          },
        }),
      );
    const listed = await preflight("https://admin.example");
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://admin.example");
    expect(listed.headers.get("access-control-allow-headers")).toBe("content-type");
    const unlisted = await preflight("https://evil.example");
    expect(unlisted.status).toBe(403);
    expect(unlisted.headers.get("access-control-allow-origin")).toBeNull();
    const read = await fixture.gateway(
      new Request(`${APP_ORIGIN}/kv/secrets/app-0?${V}`, { headers: { origin: "https://evil.example" } }),
    );
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends no CORS headers at all when no origin is listed", async () => {
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      allow: { operations: ["getSecret"], names: ["app-0"] },
    });
    const response = await gateway(
      new Request(`${APP_ORIGIN}/secrets/app-0?${V}`, { headers: { origin: APP_ORIGIN } }),
    );
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control"))).toEqual([]);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After per caller key once the window is used up, on the injected clock", async () => {
    let time = 1_000_000;
    const events: GatewayAuditEvent[] = [];
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      allow: { operations: ["getSecret"], names: ["app-0"] },
      rateLimit: { requests: 2, windowMs: 10_000 },
      now: () => time,
      authorize: ({ request }) => ({ callerKey: request.headers.get("x-user") ?? "nobody" }),
      onAudit: (event) => events.push(event),
    });
    const get = (user: string) =>
      gateway(new Request(`${APP_ORIGIN}/secrets/app-0?${V}`, { headers: { "x-user": user } }));
    expect((await get("alice")).status).toBe(200);
    expect((await get("alice")).status).toBe(200);
    time += 2_500;
    fixture.emulator.journal.clear();
    const limited = await get("alice");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("8");
    expect(fixture.upstreamRequests()).toBe(0);
    expect((await get("bob")).status).toBe(200);
    time += 7_500;
    expect((await get("alice")).status).toBe(200);
    expect(events.filter((event) => event.decision === "rate-limited")).toEqual([
      expect.objectContaining({ callerKey: "alice", status: 429 }),
    ]);
  });

  it("keys anonymous callers by client address", async () => {
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      allow: { operations: ["getSecret"], names: ["app-0"] },
      rateLimit: { requests: 1, windowMs: 60_000 },
    });
    const get = (clientAddress: string) =>
      gateway(new Request(`${APP_ORIGIN}/secrets/app-0?${V}`), { clientAddress });
    expect((await get("198.51.100.1")).status).toBe(200);
    expect((await get("198.51.100.1")).status).toBe(429);
    expect((await get("198.51.100.2")).status).toBe(200);
  });
});

describe("no value, token or backup in audit events or log lines", () => {
  const lines: string[] = [];
  const originalLog = AzureLogger.log;
  afterEach(() => {
    AzureLogger.log = originalLog;
    setLogLevel("warning");
  });

  it("holds for reads, writes, backups and refusals with verbose logging", async () => {
    AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    setLogLevel("verbose");
    const events: GatewayAuditEvent[] = [];
    const gateway = createSecretsGateway({
      client: fixture.upstream,
      basePath: "/kv",
      allow: { operations: ["getSecret", "setSecret", "backupSecret"], names: /^app-/ },
      onAudit: (event) => events.push(event),
    });
    const page = new SecretClient(PAGE_VAULT_URL, pageCredential, {
      httpClient: fetchBridge(gateway, { origin: APP_ORIGIN }),
    });
    await page.setSecret("app-audited", "audited-secret-value");
    await page.getSecret("app-audited");
    const backup = await page.backupSecret("app-audited");
    await page.getSecret("hidden-0").catch(() => undefined);
    const text = JSON.stringify(events) + lines.join("\n");
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(lines.some((line) => line.includes("Gateway PUT setSecret app-audited"))).toBe(true);
    const backupText = Buffer.from(backup!).toString("base64url");
    for (const secret of ["audited-secret-value", "hidden-value-0", backupText.slice(0, 40)]) {
      expect(text).not.toContain(secret);
    }
    // No bearer token in any form (a JWT starts with a base64url JSON header).
    expect(text).not.toMatch(/Bearer [^R]|eyJ[\w-]{10,}\.[\w-]{10,}/);
  });
});
