// The emulator dashboard in real Chromium against the CLI emulator (one emulator, one page for the file):
// the official @azure/keyvault-secrets client's writes show up live, values stay out of the DOM until
// revealed, a fault rule added in the page fails the SDK's next call and counts the hit, the clock page's
// advance publishes expiry events that reach a webhook, and export → reset → import in the page gives the
// same vault back. Every page passes axe-core (no serious or critical violation) and is screenshotted into
// test-output/dashboard/.
import AxeBuilder from "@axe-core/playwright";
import { SecretClient, type SecretProperties } from "@azure/keyvault-secrets";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess";

const screenshots = fileURLToPath(new URL("../../test-output/dashboard", import.meta.url));
const DAY_MS = 86_400_000;

let browser: Browser;
let page: Page;
let cli: CliEmulator;
let client: SecretClient;
let webhook: Server;
let dashboardUrl: string;
const delivered: string[] = [];

/** Tokens from the CLI emulator's managed-identity endpoint, as a deployed app would get them. */
function identityEndpointCredential(env: Record<string, string>): TokenCredential {
  return {
    async getToken(scopes): Promise<AccessToken> {
      const resource = [scopes].flat()[0]!.replace(/\/\.default$/, "");
      const url = `${env["IDENTITY_ENDPOINT"]}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`;
      const answer = (await (
        await fetch(url, { headers: { "x-identity-header": env["IDENTITY_HEADER"]! } })
      ).json()) as {
        access_token: string;
        expires_on: string;
      };
      return { token: answer.access_token, expiresOnTimestamp: Number(answer.expires_on) * 1000 };
    },
  };
}

/** What the SDK shows of the vault: every version with its value, and the deleted secrets. */
async function vaultThroughSdk() {
  const secrets = [];
  const names: string[] = [];
  for await (const properties of client.listPropertiesOfSecrets()) names.push(properties.name);
  for (const name of names.sort()) {
    const versions: (SecretProperties & { value?: string })[] = [];
    for await (const version of client.listPropertiesOfSecretVersions(name)) {
      versions.push({
        ...version,
        value: (await client.getSecret(name, { version: version.version! })).value,
      });
    }
    secrets.push({ name, versions: versions.sort((a, b) => a.version!.localeCompare(b.version!)) });
  }
  const deleted = [];
  for await (const secret of client.listDeletedSecrets()) deleted.push(secret.properties);
  return { secrets, deleted: deleted.sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * Shows a page of the dashboard, checks it with axe-core and saves its screenshot; `open` first opens
 * what the page hides until asked (a form), so one axe run covers it too.
 */
async function visit(name: string, ready: string, open?: () => Promise<void>): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/${name}`);
  await page.locator(ready).first().waitFor({ state: "attached" });
  await open?.();
  await expectAccessible();
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

/** Checks the page as it is with axe-core: no serious or critical violation. */
async function expectAccessible(): Promise<void> {
  // Legacy mode runs axe in this page only; the default opens a page per run to merge frame results,
  // which the dashboard (no frames) does not need and which tripled the file's time.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
  const serious = violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const [event] = JSON.parse(body) as { eventType: string; data: { validationCode?: string } }[];
      if (event!.eventType.endsWith("SubscriptionValidationEvent")) {
        response.end(JSON.stringify({ validationResponse: event!.data.validationCode }));
      } else {
        delivered.push(event!.eventType);
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/events`;
  [cli, browser] = await Promise.all([
    startCliEmulator(["--port", "0", "--verbose", "--events-webhook", hook], 30_000, {
      NODE_EXTRA_CA_CERTS: "",
    }),
    launchChromium(),
    mkdir(screenshots, { recursive: true }),
  ]);
  client = new SecretClient(cli.env["KEYVAULT_URI"]!, identityEndpointCredential(cli.env), {
    tlsOptions: { ca: readFileSync(cli.env["NODE_EXTRA_CA_CERTS"]!, "utf8") },
    disableChallengeResourceVerification: true,
    retryOptions: { maxRetries: 0 },
  } as never);
  // Printed in single quotes: `#` would start a comment in an unquoted dotenv value.
  dashboardUrl = /^'(.*)'$/.exec(cli.env["KEYVAULT_EMULATOR_DASHBOARD"]!)![1]!;
  // A context of its own: AxeBuilder runs its final step in a page it opens there.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(dashboardUrl);
});

afterAll(async () => {
  await browser?.close();
  cli?.child.kill("SIGTERM");
  await cli?.exited;
  await new Promise((resolve) => webhook?.close(resolve));
});

describe("the emulator dashboard in Chromium", () => {
  it("is printed as KEYVAULT_EMULATOR_DASHBOARD on loopback, and the token leaves the address bar", async () => {
    expect(dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/);
    expect(cli.output().stderr).toContain(`Dashboard (admin token in the link; do not share it): `);
    await visit("vaults", "text=emulator (default)", () =>
      page.getByRole("button", { name: "Settings of vault emulator" }).click(),
    );
    expect(page.url()).not.toContain("token");
  });

  it("changes a running vault's windows on the vaults page, and shows why retention cannot change", async () => {
    const form = page.locator("#vault-settings form");
    await form.getByLabel("Purge window (ms)").fill("250");
    expect(await page.locator("#vault-settings-rules").textContent()).toContain(
      "Retention is 90 days: as in Azure, it is fixed when a vault is created.",
    );
    await form.getByLabel("Purge window (ms)").press("Enter");
    await page.locator("td", { hasText: "purge 250" }).waitFor();
  });

  it("shows a secret the official SDK sets, in the live stream and in the list within a second, its value only when revealed", async () => {
    await visit("stream", "#stream-rows table");
    await client.setSecret("from-sdk", "live-stream-value");
    const streamed = page
      .locator("#stream-rows tr", { hasText: "from-sdk" })
      .filter({ hasText: "setSecret" });
    await streamed.first().waitFor({ timeout: 1000 });
    expect(await streamed.first().textContent()).toContain("client.setSecret(name, value)");

    await visit("secrets", "#secret-list table");
    await client.setSecret("db-password", "hunter2-from-sdk", { tags: { team: "payments" } });
    const row = page.locator('tr[data-name="db-password"]');
    await row.waitFor({ timeout: 1000 });
    expect(await page.content()).not.toContain("hunter2-from-sdk");
    await page.getByRole("button", { name: "Reveal value of db-password" }).click();
    await expect.poll(() => row.locator("code").textContent()).toBe("hunter2-from-sdk");
    await page.screenshot({ path: `${screenshots}/secrets-revealed.png` });
  });

  it("edits a version's enabled state, content type, tags and expiry from the keyboard, as the SDK then sees them", async () => {
    await page.getByRole("button", { name: "Versions of from-sdk" }).click();
    await page.getByRole("button", { name: /^Edit version \w+ of from-sdk$/ }).click();
    const form = page.locator("#version-edit form");
    const enabled = form.getByLabel("Enabled");
    await expect.poll(() => enabled.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.press("Space");
    await form.getByLabel("Content type").fill("text/plain");
    await form.getByLabel("Expires").fill("2099-01-01T12:00");
    await form.getByLabel(/^Tags/).fill("team=ops, tier=gold");
    await expectAccessible();
    await page.screenshot({ path: `${screenshots}/secret-edit.png`, fullPage: true });
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });

    const expires = await page.evaluate(() => new Date("2099-01-01T12:00").getTime());
    const versions = [];
    for await (const version of client.listPropertiesOfSecretVersions("from-sdk")) versions.push(version);
    expect(versions).toEqual([
      expect.objectContaining({
        enabled: false,
        contentType: "text/plain",
        tags: { team: "ops", tier: "gold" },
        expiresOn: new Date(expires),
      }),
    ]);
  });

  it("adds a fault rule in the page that fails the SDK's next call, and shows its hit count", async () => {
    await visit("faults", "#fault-form");
    const form = page.locator("#fault-form");
    await form.locator('[name="kind"]').selectOption("status");
    await form.locator('[name="status"]').fill("403");
    await form.locator('[name="errorCode"]').fill("ForbiddenByRule");
    await form.locator('[name="operation"]').selectOption("getSecret");
    await form.locator('[name="secretName"]').fill("db-password");
    await form.getByRole("button", { name: "Add rule" }).click();
    const rule = page.locator("#fault-list tr[data-rule]");
    await rule.waitFor();
    expect(await rule.locator(".fired").textContent()).toBe("0");

    await expect(client.getSecret("db-password")).rejects.toMatchObject({
      statusCode: 403,
      code: "ForbiddenByRule",
    });
    await expect.poll(() => rule.locator(".fired").textContent(), { timeout: 3000 }).toBe("1");
    expect((await client.getSecret("db-password")).value).toBe("hunter2-from-sdk");
    // The stream with the fault in it: the screenshot docs/images/dashboard-stream.png is taken from.
    await page.evaluate(() => (location.hash = "#/stream"));
    await page.locator("#stream-rows td", { hasText: "403" }).first().waitFor();
    await page.screenshot({ path: `${screenshots}/stream-with-fault.png` });
  });

  it("round-trips the vault through export, reset and import in the page, exactly as the SDK sees it", async () => {
    await client.setSecret("db-password", "second-version", { contentType: "text/plain" });
    await (await client.beginDeleteSecret("from-sdk")).pollUntilDone();
    const before = await vaultThroughSdk();
    expect(before.deleted.map((secret) => secret.name)).toEqual(["from-sdk"]);

    await visit("deleted", "#deleted-list table");
    await visit("transfer", "#transfer-vault option");
    await page.locator("#export-json").click();
    await expect
      .poll(() => page.locator("#transfer-text").inputValue())
      .toContain("keyvault-emulator-export");
    await page.locator("#reset-vault").click();
    await expect.poll(async () => (await vaultThroughSdk()).secrets).toEqual([]);
    await page.locator("#import").click();
    await expect.poll(() => vaultThroughSdk()).toEqual(before);
  });

  // Last of the SDK's calls: tokens from the identity endpoint expire by real time, and the clock moves 41 days.
  it("advances the clock past an expiry: SecretNearExpiry and SecretExpired in the events view and at the webhook", async () => {
    await client.setSecret("expiring", "soon", { expiresOn: new Date(Date.now() + 40 * DAY_MS) });
    await visit("clock", "#clock-now strong");
    await page.getByLabel("Advance by").fill("41");
    await page.getByLabel("Unit").selectOption("days");
    await page.getByRole("button", { name: "Advance" }).click();
    await visit("events", "#events-published table");
    const published = page.locator("#events-published tr", { hasText: "expiring" });
    await expect
      .poll(() => published.allTextContents(), { timeout: 3000 })
      .toEqual([
        expect.stringContaining("SecretExpired"),
        expect.stringContaining("SecretNearExpiry"),
        expect.stringContaining("SecretNewVersionCreated"),
      ]);
    await expect
      .poll(() => delivered, { timeout: 3000 })
      .toEqual(
        expect.arrayContaining(["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"]),
      );
    await page
      .locator("#events-deliveries td", { hasText: "SecretExpired" })
      .first()
      .waitFor({ timeout: 3000 });
  });

  it("never prints the admin token in the emulator's output beyond the one KEYVAULT_EMULATOR_DASHBOARD line", () => {
    const token = /#token=(.+)$/.exec(dashboardUrl)![1]!;
    const { stdout, stderr } = cli.output();
    expect(stdout.split(token).length - 1).toBe(1);
    // The banner shows the URL once; --verbose request lines never carry it.
    expect(stderr.split(token).length - 1).toBe(1);
    expect(
      stderr.split("\n").filter((line) => line.includes("[keyvault-emulator]") && line.includes(token)),
    ).toEqual([]);
  });
});
