// handleEvent(): Key Vault's Event Grid events, as the emulator publishes them, update one key with one get
// and no listing; other vaults, names outside the selection and other kinds are ignored.
import { afterEach, describe, expect, it } from "vitest";
import type { SecretsConfigChangeEvent } from "../../src/index.js";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

describe("SecretsConfig.handleEvent", () => {
  for (const schema of ["EventGridSchema", "CloudEventSchemaV1_0"] as const) {
    it(`updates the one key of a SecretNewVersionCreated from the emulator without a listing (${schema})`, async () => {
      fixture = createConfigFixture();
      await fixture.seed({ "Database--Password": "v1", Region: "west" });
      const config = await fixture.load();
      const events: unknown[] = [];
      const unsubscribe = fixture.emulator.events.subscribe((event) => events.push(event), { schema });
      await fixture.client.setSecret("Database--Password", "v2");
      unsubscribe();
      expect(events).toHaveLength(1);
      const changes: SecretsConfigChangeEvent[] = [];
      config.on("change", (change) => changes.push(change));
      fixture.mark();
      const result = await config.handleEvent(events[0]);
      expect(result).toEqual({ validationResponse: undefined, matched: 1, ignored: 0 });
      expect(fixture.count("getSecrets")).toBe(0);
      expect(fixture.count("getSecret")).toBe(1);
      expect(config.get("Database.Password")).toBe("v2");
      expect(changes).toEqual([{ changed: ["Database--Password"], removed: [] }]);
    });
  }

  it("ignores events of other vaults and of names outside the selection, and answers validation", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "app-Region": "west", "other-Thing": "x" });
    const config = await fixture.load({ prefix: "app-" });
    const events: unknown[] = [];
    fixture.emulator.events.subscribe((event) => events.push(event));
    await fixture.client.setSecret("other-Thing", "y");
    await fixture.clientOf("elsewhere").setSecret("app-Region", "east");
    fixture.mark();
    const validation = {
      id: "1",
      eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
      data: { validationCode: "code-123" },
    };
    const result = await config.handleEvent(JSON.stringify([...events, validation]));
    expect(result).toEqual({ validationResponse: "code-123", matched: 0, ignored: 2 });
    expect(fixture.emulator.journal.entries()).toEqual([]);
    expect(config.get("Region")).toBe("west");
  });

  it("drops a key whose secret was disabled (the get answers 403 SecretDisabled)", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ A: "a", B: "b" });
    const config = await fixture.load();
    const events: unknown[] = [];
    fixture.emulator.events.subscribe((event) => events.push(event));
    await fixture.client.setSecret("B", "b2", { enabled: false });
    await config.handleEvent(events);
    expect(config.values).toEqual({ A: "a" });
  });

  it("rejects malformed input with a TypeError that does not echo it", async () => {
    fixture = createConfigFixture();
    const config = await fixture.load();
    await expect(config.handleEvent("{not json secret-ish")).rejects.toThrow(TypeError);
    await expect(config.handleEvent({ data: {} })).rejects.toThrow(/eventType/);
  });
});
