// Keeping the config fresh: a refresh re-lists and gets only what changed, drops what is gone, swaps the
// snapshot whole, keeps the last good one when the vault fails, and runs on a jittered timer that dispose()
// stops. Time is simulated; the clients keep their default retry options.
import { afterEach, describe, expect, it } from "vitest";
import type { HttpClient } from "@azure/core-rest-pipeline";
import {
  SecretClient,
  SecretsConfigError,
  type SecretsConfigChangeEvent,
  type SecretsConfigErrorEvent,
} from "../../src/index.js";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

async function vaultOf(count: number): Promise<void> {
  const secrets: Record<string, string> = {};
  for (let i = 0; i < count; i++) secrets[`App--Key${String(i).padStart(3, "0")}`] = `value-${i}`;
  await fixture.seed(secrets);
  // updatedOn has one-second resolution: later writes must land in a later second to be seen as changes.
  await fixture.clock.advance(1000);
}

describe("SecretsConfig.refresh", () => {
  it("with one secret changed among 200, costs the listing pages and exactly one get, and names it", async () => {
    fixture = createConfigFixture();
    await vaultOf(200);
    const config = await fixture.load();
    fixture.mark();
    const unchanged = await config.refresh();
    expect(unchanged).toEqual({ changed: [], removed: [] });
    const pages = fixture.count("getSecrets");
    expect(pages).toBeGreaterThan(1);
    expect(fixture.count("getSecret")).toBe(0);

    await fixture.client.setSecret("App--Key123", "rotated");
    const changes: SecretsConfigChangeEvent[] = [];
    config.on("change", (change) => changes.push(change));
    fixture.mark();
    await config.refresh();
    expect(fixture.count("getSecrets")).toBe(pages);
    expect(fixture.count("getSecret")).toBe(1);
    expect(fixture.count("getSecret", "App--Key123")).toBe(1);
    expect(changes).toEqual([{ changed: ["App--Key123"], removed: [] }]);
    expect(config.get("App.Key123")).toBe("rotated");
    expect(config.get("App.Key122")).toBe("value-122");
  });

  it("drops deleted and disabled secrets and adds new ones", async () => {
    fixture = createConfigFixture();
    await vaultOf(3);
    const config = await fixture.load();
    await (await fixture.client.beginDeleteSecret("App--Key000", { intervalInMs: 0 })).pollUntilDone();
    await fixture.client.updateSecretProperties("App--Key001", "", { enabled: false });
    await fixture.client.setSecret("New", "n");
    expect(await config.refresh()).toEqual({ changed: ["New"], removed: ["App--Key000", "App--Key001"] });
    expect(config.values).toEqual({ App: { Key002: "value-2" }, New: "n" });
  });

  it("keeps the last good snapshot and emits error when the vault answers 503, after the client's retries", async () => {
    fixture = createConfigFixture();
    await vaultOf(3);
    const config = await fixture.load();
    const before = config.values;
    await fixture.client.setSecret("App--Key001", "rotated");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
    const errors: SecretsConfigErrorEvent[] = [];
    config.on("error", (event) => errors.push(event));
    fixture.mark();
    const restore = fixture.clock.driveGlobalTimers();
    try {
      const pending = config.refresh().catch((error: unknown) => error);
      await fixture.clock.advance(120_000);
      const error = await pending;
      expect(error).toBeInstanceOf(SecretsConfigError);
      expect((error as SecretsConfigError).problems).toEqual([
        { name: "App--Key001", reason: expect.stringMatching(/^503/) },
      ]);
    } finally {
      restore();
    }
    // The client's retry policy is the one layer of retries: 1 try + 3 retries, nothing on top.
    expect(fixture.count("getSecret", "App--Key001")).toBe(4);
    expect(errors).toHaveLength(1);
    expect(config.values).toBe(before);
    expect(config.get("App.Key001")).toBe("value-1");
  });

  it("swaps the snapshot whole: a reader during a refresh sees the old values or the new, never a mix", async () => {
    fixture = createConfigFixture();
    await vaultOf(40);
    const seen: string[] = [];
    const reader: { config?: { get(path: string): unknown } } = {};
    const spying: HttpClient = {
      sendRequest(request) {
        const config = reader.config;
        if (config) seen.push(`${String(config.get("App.Key005"))}|${String(config.get("App.Key030"))}`);
        return fixture.emulator.sendRequest(request);
      },
    };
    const client = new SecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
      httpClient: spying,
    });
    const loaded = await fixture.load({ concurrency: 1 }, client);
    reader.config = loaded;
    await fixture.client.setSecret("App--Key005", "new-5");
    await fixture.client.setSecret("App--Key030", "new-30");
    await loaded.refresh();
    seen.push(`${String(loaded.get("App.Key005"))}|${String(loaded.get("App.Key030"))}`);
    expect(new Set(seen)).toEqual(new Set(["value-5|value-30", "new-5|new-30"]));
    expect(seen.at(-1)).toBe("new-5|new-30");
  });

  it("joins a refresh already in flight", async () => {
    fixture = createConfigFixture();
    await vaultOf(3);
    const config = await fixture.load();
    fixture.mark();
    const [a, b] = [config.refresh(), config.refresh()];
    expect(a).toBe(b);
    await a;
    expect(fixture.count("getSecrets")).toBe(1);
  });

  it("refreshes on a jittered timer, and dispose() stops it", async () => {
    fixture = createConfigFixture();
    await vaultOf(2);
    const config = await fixture.load({ refresh: { intervalMs: 60_000, jitterRatio: 0.5 } });
    expect(fixture.clock.pendingTimers).toBe(1);
    fixture.mark();
    await fixture.clock.advance(29_999); // jitter never shortens a wait below half of 60 s
    expect(fixture.count("getSecrets")).toBe(0);
    await fixture.clock.advance(30_001);
    expect(fixture.count("getSecrets")).toBe(1);
    expect(fixture.clock.pendingTimers).toBe(1);
    config.dispose();
    expect(fixture.clock.pendingTimers).toBe(0);
    await expect(config.refresh()).rejects.toThrow(/disposed/);
  });

  it("spreads the waits of a fleet started together (jitter on by default)", async () => {
    fixture = createConfigFixture();
    await vaultOf(1);
    const delays = new Set<number>();
    for (let seed = 1; seed <= 5; seed++) {
      const start = fixture.clock.now();
      let fired: number | undefined;
      const clock = {
        now: () => fixture.clock.now(),
        setTimeout: (callback: () => void, ms: number) => (
          (fired ??= start + ms),
          fixture.clock.setTimeout(callback, ms)
        ),
        clearTimeout: (handle: unknown) => fixture.clock.clearTimeout(handle),
      };
      const config = await fixture.load({ refresh: {}, clock, random: () => seed / 6 });
      delays.add(fired! - start);
      config.dispose();
    }
    expect(delays.size).toBe(5);
    for (const delay of delays) expect(delay).toBeGreaterThan(240_000);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(300_000);
  });

  it("stops a first load when its abortSignal fires, and leaves no timer behind", async () => {
    fixture = createConfigFixture();
    await vaultOf(50);
    const controller = new AbortController();
    const loading = fixture.load({ abortSignal: controller.signal, concurrency: 1, refresh: {} });
    controller.abort();
    fixture.mark();
    await expect(loading).rejects.toThrow();
    await fixture.clock.advance(0);
    expect(fixture.count("getSecret")).toBeLessThan(50);
    expect(fixture.clock.pendingTimers).toBe(0);
    await expect(fixture.load({ abortSignal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });
});
