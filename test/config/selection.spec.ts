// Which secrets a load takes: disabled ones never (and never a 403 at start-up), expired and not-yet-valid
// ones only with includeExpired, and with `names` exactly those, without a listing.
import { afterEach, describe, expect, it } from "vitest";
import { SecretsConfigError } from "../../src/index.js";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

const HOUR = 3_600_000;

async function seedLifecycles(): Promise<void> {
  const now = fixture.clock.now();
  await fixture.seed({
    Live: "live",
    Off: { value: "off", enabled: false },
    Expired: { value: "old", expiresOn: new Date(now - HOUR) },
    Future: { value: "soon", notBefore: new Date(now + HOUR) },
  });
}

describe("loadSecretsConfig: selection", () => {
  it("skips a disabled and an expired secret, and a not-yet-valid one, without getting them", async () => {
    fixture = createConfigFixture();
    await seedLifecycles();
    fixture.mark();
    const config = await fixture.load();
    expect(config.names).toEqual(["Live"]);
    expect(fixture.count("getSecret")).toBe(1);
    expect(fixture.emulator.journal.entries().filter((entry) => entry.status === 403)).toEqual([]);
  });

  it("includes expired and not-yet-valid secrets with includeExpired, never disabled ones", async () => {
    fixture = createConfigFixture();
    await seedLifecycles();
    const config = await fixture.load({ includeExpired: true });
    expect(config.values).toEqual({ Expired: "old", Future: "soon", Live: "live" });
  });

  it("with names, gets exactly those and never lists: a disabled one answers 403 and is skipped", async () => {
    fixture = createConfigFixture();
    await seedLifecycles();
    fixture.mark();
    const config = await fixture.load({ names: ["Live", "Off", "Expired", "Missing"] });
    expect(config.values).toEqual({ Live: "live" });
    expect(fixture.count("getSecrets")).toBe(0);
    expect(fixture.count("getSecret")).toBe(4);
  });

  it("with names and a prefix, strips the prefix", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "app-Region": "west" });
    const config = await fixture.load({ names: ["APP-Region"], prefix: "app-" });
    expect(config.values).toEqual({ Region: "west" });
  });

  it("reports a required key whose secret is disabled in the aggregated error", async () => {
    fixture = createConfigFixture();
    await seedLifecycles();
    const error = await fixture.load({ required: ["Off", "Live"] }).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(SecretsConfigError);
    expect((error as SecretsConfigError).problems).toEqual([
      { name: "Off", reason: expect.stringContaining("required") },
    ]);
  });

  it("reports a get that fails (a permission 403), naming the secret, never its value", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ A: "a-value", B: "b-value" });
    fixture.emulator.faults.add({
      kind: "status",
      status: 403,
      operation: "getSecret",
      secretName: "B",
      times: "always",
    });
    const error = (await fixture.load().catch((error: unknown) => error)) as SecretsConfigError;
    expect(error.problems).toEqual([{ name: "B", reason: expect.stringMatching(/^403 /) }]);
    expect(error.message).not.toContain("value");
  });

  it("checks its arguments", async () => {
    fixture = createConfigFixture();
    await expect(fixture.load({ concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(fixture.load({ names: [""] })).rejects.toThrow(TypeError);
    await expect(fixture.load({ refresh: { jitterRatio: 1 } })).rejects.toThrow(/jitterRatio/);
    await expect(fixture.load({}, [])).rejects.toThrow(/SecretClient/);
  });
});
