// The admin API behind the dashboard, over a real emulator's dashboard listener: the token and origin
// checks, values only through reveal (which the stream records without the value), faults with hit counts,
// the clock and the events it causes with their webhook deliveries, export → reset → import, and reset.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { SecretClient, type SecretProperties } from "../../../src/index.js";

const DAY_MS = 86_400_000;
let emulator: RunningEmulator;
let client: SecretClient;
let origin: string;
let token: string;
let webhook: Server;
const webhookEvents: string[] = [];
const logLines: string[] = [];

async function admin(path: string, init: RequestInit = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/api/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text answers (.env export) stay text
  }
  return {
    status: response.status,
    headers: response.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields its route answers
    body: body as any,
  };
}

const post = (path: string, body?: unknown) =>
  admin(path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body ?? {}) });

/** Everything the SDK shows of a vault: each secret's versions (with values) and the deleted secrets. */
async function vaultThroughSdk() {
  const names: string[] = [];
  for await (const properties of client.listPropertiesOfSecrets()) names.push(properties.name);
  const secrets = [];
  for (const name of names.sort()) {
    const versions: SecretProperties[] = [];
    for await (const version of client.listPropertiesOfSecretVersions(name)) versions.push(version);
    versions.sort((a, b) => a.version!.localeCompare(b.version!));
    const withValues = await Promise.all(
      versions.map(async (version) => ({
        ...version,
        value: (await client.getSecret(name, { version: version.version! })).value,
      })),
    );
    secrets.push({ name, versions: withValues });
  }
  const deleted = [];
  for await (const secret of client.listDeletedSecrets()) deleted.push(secret.properties);
  return { secrets, deleted: deleted.sort((a, b) => a.name.localeCompare(b.name)) };
}

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const [event] = JSON.parse(body) as { eventType: string; data: { validationCode?: string } }[];
      if (event!.eventType === "Microsoft.EventGrid.SubscriptionValidationEvent") {
        response.end(JSON.stringify({ validationResponse: event!.data.validationCode }));
        return;
      }
      webhookEvents.push(event!.eventType);
      response.end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  emulator = await startEmulator({
    vaults: ["admin-a", "admin-b"],
    dashboard: true,
    verbose: true,
    logger: { info: (line) => logLines.push(line) },
    eventWebhooks: [{ url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` }],
  });
  const url = new URL(emulator.dashboardUrl!);
  origin = url.origin;
  token = /^#token=(.+)$/.exec(url.hash)![1]!;
  client = new SecretClient(emulator.vaults.url("admin-a"), emulator.credential, emulator.clientOptions);
});

afterAll(async () => {
  await emulator?.stop();
  await new Promise((resolve) => webhook?.close(resolve));
});

describe("the dashboard's admin API", () => {
  it("listens on loopback and answers 401 without the token or with a wrong one", async () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const missing = await fetch(`${origin}/api/vaults`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const wrong = await fetch(`${origin}/api/vaults`, { headers: { authorization: `Bearer ${token}x` } });
    expect(wrong.status).toBe(401);
    expect((await admin("vaults")).status).toBe(200);
  });

  it("refuses requests from another origin even with the token, and accepts its own", async () => {
    const foreign = await admin("vaults", {}, { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    const crossSite = await admin("vaults", {}, { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await admin("vaults", {}, { origin })).status).toBe(200);
  });

  it("serves the page with a strict CSP, no framing, and gzip", async () => {
    const page = await fetch(`${origin}/`, { headers: { "accept-encoding": "gzip" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js"></script>');
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https?:/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect((await fetch(`${origin}/assets/app.js`)).headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it("lists secrets a page at a time without values, filters by name and tag, and reveals one value on request", async () => {
    for (let i = 0; i < 12; i++) {
      await client.setSecret(`page-${String(i).padStart(2, "0")}`, `value-${i}`, {
        tags: { team: i % 2 ? "odd" : "even" },
      });
    }
    const first = await admin("vaults/admin-a/secrets?top=5&name=page-");
    expect(first.body.total).toBe(12);
    expect(first.body.items.map((item: { name: string }) => item.name)).toEqual([
      "page-00",
      "page-01",
      "page-02",
      "page-03",
      "page-04",
    ]);
    expect(JSON.stringify(first.body)).not.toContain("value-");
    const second = await admin(`vaults/admin-a/secrets?top=5&name=page-&after=${first.body.next}`);
    expect(second.body.items[0].name).toBe("page-05");
    const odd = await admin("vaults/admin-a/secrets?tag=team%3Dodd");
    expect(odd.body.total).toBe(6);
    const details = await admin("vaults/admin-a/secrets/page-03");
    expect(details.body.versions).toHaveLength(1);
    expect(JSON.stringify(details.body)).not.toContain("value-3");

    const streamed: string[] = [];
    const response = await fetch(`${origin}/api/stream`, { headers: { authorization: `Bearer ${token}` } });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const revealed = await post("vaults/admin-a/secrets/page-03/reveal");
    expect(revealed.body).toMatchObject({ name: "page-03", value: "value-3" });
    while (!streamed.join("").includes("event: admin")) streamed.push((await reader.read()).value!);
    await reader.cancel();
    const frame = streamed.join("");
    expect(frame).toContain('"action":"reveal"');
    expect(frame).toContain('"secretName":"page-03"');
    expect(frame).not.toContain("value-3");
  });

  it("streams the SDK's requests as they happen, with operation and status", async () => {
    const response = await fetch(`${origin}/api/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await client.setSecret("streamed", "streamed-value");
    let text = "";
    while (!text.includes('"secretName":"streamed"')) text += (await reader.read()).value!;
    await reader.cancel();
    const entries = [...text.matchAll(/^event: request\ndata: (.*)$/gm)].map((match) =>
      JSON.parse(match[1]!),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        operation: "setSecret",
        secretName: "streamed",
        status: 200,
        vault: "admin-a",
      }),
    );
    expect(text).not.toContain("streamed-value");
  });

  it("adds a fault rule the SDK's next call meets, counts its hits, edits and removes it", async () => {
    const added = await post("faults", {
      kind: "status",
      status: 403,
      errorCode: "ForbiddenByRule",
      operation: "getSecret",
      secretName: "page-01",
    });
    expect(added.status).toBe(201);
    await expect(client.getSecret("page-01")).rejects.toMatchObject({
      statusCode: 403,
      code: "ForbiddenByRule",
    });
    const { body } = await admin("faults");
    expect(body.rules.find((rule: { id: string }) => rule.id === added.body.id).firedCount).toBe(1);
    const edited = await admin(`faults/${added.body.id}`, {
      method: "PUT",
      body: JSON.stringify({ kind: "latency", ms: 1 }),
    });
    expect(edited.status).toBe(200);
    expect((await admin(`faults/${edited.body.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await post("faults", { kind: "status" })).status).toBe(400);
  });

  it("advances the clock past expiry: SecretNearExpiry and SecretExpired are published and delivered to the webhook", async () => {
    await post("clock", { freeze: true });
    const now = Date.parse((await admin("clock")).body.now);
    await client.setSecret("expiring", "x", { expiresOn: new Date(now + 40 * DAY_MS) });
    await post("clock", { advanceMs: 41 * DAY_MS });
    const { body } = await admin("events");
    const types = body.published
      .filter((event: { subject: string }) => event.subject === "expiring")
      .map((event: { eventType: string }) => event.eventType);
    expect(types).toEqual([
      "Microsoft.KeyVault.SecretNewVersionCreated",
      "Microsoft.KeyVault.SecretNearExpiry",
      "Microsoft.KeyVault.SecretExpired",
    ]);
    await expect.poll(() => webhookEvents.filter((type) => type.endsWith("Expired")).length).toBe(1);
    const deliveries = (await admin("events")).body.deliveries;
    expect(deliveries).toContainEqual(
      expect.objectContaining({ eventType: "Microsoft.KeyVault.SecretExpired", status: 200 }),
    );
    expect(webhookEvents).toContain("Microsoft.KeyVault.SecretNearExpiry");
    await post("clock", { freeze: false });
    expect((await admin("clock")).body.frozen).toBe(false);
    expect((await post("clock", { advanceMs: "soon" })).status).toBe(400);
  });

  it("round-trips a vault through export, reset and import: versions, times and deleted secrets exactly", async () => {
    await client.setSecret("page-02", "value-2b", { contentType: "text/plain" });
    await (await client.beginDeleteSecret("page-04")).pollUntilDone();
    const before = await vaultThroughSdk();
    expect(before.deleted.map((secret) => secret.name)).toEqual(["page-04"]);
    const exported = await admin("vaults/admin-a/export");
    expect(exported.body.format).toBe("keyvault-emulator-export");
    expect((await post("reset?vault=admin-a")).body).toEqual({ reset: "admin-a" });
    expect((await vaultThroughSdk()).secrets).toEqual([]);
    const imported = await post("vaults/admin-a/import", JSON.stringify(exported.body));
    expect(imported.body).toEqual({ mode: "replace", secrets: before.secrets.length + 1 });
    expect(await vaultThroughSdk()).toEqual(before);
  });

  it("exports .env lines and seeds another vault from them", async () => {
    const lines = await admin("vaults/admin-a/export?format=env");
    expect(lines.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(lines.body).toContain("page_02=value-2b\n");
    const seeded = await post("vaults/admin-b/import", lines.body);
    expect(seeded.body.mode).toBe("seed");
    const other = new SecretClient(
      emulator.vaults.url("admin-b"),
      emulator.credential,
      emulator.clientOptions,
    );
    expect((await other.getSecret("page-02")).value).toBe("value-2b");
  });

  it("creates, resets and deletes vaults, and refuses an invalid name naming the rule", async () => {
    expect((await post("vaults", { name: "admin-c", recoverableDays: 7 })).body).toMatchObject({
      name: "admin-c",
      settings: { recoverableDays: 7 },
    });
    expect((await post("vaults", { name: "x" })).body.error).toMatch(/3-24 letters/);
    expect((await admin("vaults/admin-c", { method: "DELETE" })).status).toBe(204);
    expect((await admin("vaults/admin-c/secrets")).status).toBe(404);
    await post("secrets-not-a-route");
    expect((await post("reset")).body).toEqual({ reset: "all" });
    expect((await admin("vaults/admin-a/secrets")).body.total).toBe(0);
  });

  it("never puts the admin token in a log line or a journal entry", async () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(token))).toEqual([]);
    await client.setSecret("after-reset", "v");
    const journal = (await admin("journal")).body.entries;
    expect(journal.length).toBeGreaterThan(0);
    expect(JSON.stringify(journal)).not.toContain(token);
    expect(JSON.stringify(emulator.journal.entries())).not.toContain(token);
  });
});
