// The emulator publishes Key Vault's secret events, in the Event Grid schema and as CloudEvents, from its
// vault and its clock: new versions at once, near-expiry 30 days before `exp`, expired at `exp`.
import { describe, expect, it } from "vitest";
import {
  createEmulatorHttpClient,
  type CloudEvent,
  type EventGridEvent,
  type KeyVaultSecretEventData,
} from "../../../src/emulator/index.js";
import { SecretClient } from "../../../src/index.js";

const DAY_MS = 24 * 3600 * 1000;

function setup() {
  const emulator = createEmulatorHttpClient({ vaults: ["events", "other"] });
  emulator.clock.freeze(Date.UTC(2026, 10, 1));
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  return { emulator, client };
}

describe("emulator events", () => {
  it("publishes SecretNewVersionCreated in the Event Grid schema when a version is set, without the value", async () => {
    const { emulator, client } = setup();
    await client.setSecret("existing", "before-subscribing");
    const received: EventGridEvent<KeyVaultSecretEventData>[] = [];
    emulator.events.subscribe((event) => received.push(event as EventGridEvent<KeyVaultSecretEventData>));

    const secret = await client.setSecret("db-password", "s3cr3t-value", {
      expiresOn: new Date(Date.UTC(2027, 0, 1)),
      notBefore: new Date(Date.UTC(2026, 9, 1)),
    });

    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      topic: expect.stringMatching(/\/providers\/Microsoft\.KeyVault\/vaults\/events$/),
      subject: "db-password",
      eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
      eventTime: "2026-11-01T00:00:00.000Z",
      data: {
        Id: secret.properties.id,
        VaultName: "events",
        ObjectType: "Secret",
        ObjectName: "db-password",
        Version: secret.properties.version,
        NBF: Date.UTC(2026, 9, 1) / 1000,
        EXP: Date.UTC(2027, 0, 1) / 1000,
      },
      dataVersion: "1",
      metadataVersion: "1",
    });
    expect(JSON.stringify(emulator.events.published())).not.toContain("s3cr3t-value");
    expect(emulator.events.published()).toEqual(received);
  });

  it("publishes CloudEvents 1.0 to subscribers that ask for them, and stops after unsubscribe", async () => {
    const { emulator, client } = setup();
    const received: CloudEvent<KeyVaultSecretEventData>[] = [];
    const unsubscribe = emulator.events.subscribe(
      (event) => received.push(event as CloudEvent<KeyVaultSecretEventData>),
      { schema: "CloudEventSchemaV1_0" },
    );
    const first = await client.setSecret("api-key", "one");
    unsubscribe();
    await client.setSecret("api-key", "two");

    expect(received).toEqual([
      {
        specversion: "1.0",
        id: expect.any(String),
        source: expect.stringContaining("/vaults/events"),
        subject: "api-key",
        type: "Microsoft.KeyVault.SecretNewVersionCreated",
        time: "2026-11-01T00:00:00.000Z",
        data: expect.objectContaining({ ObjectName: "api-key", Version: first.properties.version }),
      },
    ]);
  });

  it("publishes SecretNearExpiry 30 days before exp and SecretExpired at exp, once each, as the clock moves", async () => {
    const { emulator, client } = setup();
    const types: string[] = [];
    emulator.events.subscribe((event) => types.push((event as EventGridEvent).eventType));
    const expiresOn = new Date(emulator.clock.now() + 40 * DAY_MS);
    await client.setSecret("cert-password", "value", { expiresOn });
    types.length = 0;

    emulator.clock.advance(10 * DAY_MS - 1000);
    expect(types).toEqual([]);
    emulator.clock.advance(1000);
    expect(types).toEqual(["Microsoft.KeyVault.SecretNearExpiry"]);
    emulator.clock.advance(29 * DAY_MS);
    expect(types).toEqual(["Microsoft.KeyVault.SecretNearExpiry"]);
    emulator.clock.advance(DAY_MS);
    emulator.clock.advance(DAY_MS);
    expect(types).toEqual(["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"]);
  });

  it("keeps a throwing subscriber from failing the request that caused the event", async () => {
    const { emulator, client } = setup();
    const seen: string[] = [];
    emulator.events.subscribe(() => {
      throw new Error("subscriber bug");
    });
    emulator.events.subscribe((event) => seen.push((event as EventGridEvent).subject));
    await expect(client.setSecret("robust", "v")).resolves.toBeDefined();
    expect(seen).toEqual(["robust"]);
  });

  it("names the vault each event comes from, with that vault's URL in the id", async () => {
    const { emulator } = setup();
    const other = new SecretClient(emulator.vaults.url("other"), emulator.credential, {
      httpClient: emulator,
    });
    const received: EventGridEvent<KeyVaultSecretEventData>[] = [];
    emulator.events.subscribe((event) => received.push(event as EventGridEvent<KeyVaultSecretEventData>));
    const secret = await other.setSecret("shared-name", "v");
    expect(received.map((event) => [event.data.VaultName, event.data.Id])).toEqual([
      ["other", secret.properties.id],
    ]);
    expect(new URL(secret.properties.id!).origin).toBe(emulator.vaults.url("other"));
  });

  it("rejects a subscription with an unknown schema, naming it", () => {
    const { emulator } = setup();
    expect(() =>
      emulator.events.subscribe(() => undefined, { schema: "Custom" as unknown as "EventGridSchema" }),
    ).toThrow(/schema must be "EventGridSchema" or "CloudEventSchemaV1_0"/);
  });
});
