// The SecretsConfig object itself never shows a value: util.inspect, JSON.stringify and console.log print
// names; errors and events carry names only. Values are read through `values`, `get` and `toEnv`.
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

const VALUE = "s3cr3t-config-value";

describe("SecretsConfig and leaks", () => {
  it("shows names, never values, in util.inspect, JSON.stringify and console.log", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "Database--Password": VALUE });
    const config = await fixture.load({ refresh: { intervalMs: 60_000 } });
    expect(inspect(config, { depth: 10, showHidden: true })).not.toContain(VALUE);
    expect(inspect(config)).toContain("Database--Password");
    expect(JSON.stringify(config)).toBe('{"names":["Database--Password"]}');
    expect(Object.keys(config)).toEqual([]);
    // A console of its own, writing where the test can read (vitest intercepts the global one).
    let printed = "";
    const sink = new Writable({ write: (chunk, _encoding, done) => ((printed += String(chunk)), done()) });
    const console = new Console(sink);
    console.log(config);
    console.log("%o", config);
    console.dir(config, { depth: 10 });
    expect(printed).toContain("Database--Password");
    expect(printed).not.toContain(VALUE);
    expect(config.get("Database.Password")).toBe(VALUE);
  });

  it("puts no value in change and error events", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ Token: "old-token-value" });
    await fixture.clock.advance(1000);
    const config = await fixture.load();
    const payloads: unknown[] = [];
    config.on("change", (change) => payloads.push(change));
    config.on("error", (event) => payloads.push(event.error.message));
    await fixture.client.setSecret("Token", "new-token-value");
    await config.refresh();
    fixture.emulator.faults.add({ kind: "status", status: 403, operation: "getSecret", times: "always" });
    await fixture.clock.advance(1000);
    await fixture.client.setSecret("Token", "third-token-value");
    await config.refresh().catch(() => undefined);
    expect(payloads).toHaveLength(2);
    expect(JSON.stringify(payloads)).not.toMatch(/token-value/);
  });

  it("applies to process.env without replacing what is set, unless told to", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "CfgTest--A": "a", "CfgTest--B": "b" });
    const config = await fixture.load();
    process.env["CfgTest__B"] = "kept";
    try {
      expect(config.applyToEnv()).toEqual(["CfgTest__A"]);
      expect(process.env["CfgTest__B"]).toBe("kept");
      expect(config.applyToEnv({ override: true })).toEqual(["CfgTest__A", "CfgTest__B"]);
      expect(process.env["CfgTest__B"]).toBe("b");
    } finally {
      delete process.env["CfgTest__A"];
      delete process.env["CfgTest__B"];
    }
  });
});
