// handleEvent(): Key Vault's Event Grid events in both schemas and both casings, batches, JSON text, the
// subscription-validation handshake, other vaults ignored, and malformed input named in a TypeError.
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const VAULT_ID_BASE = "https://emulator.vault.localhost/secrets";

function wireEvent(type: string, name: string, version: string, vault = VAULT_ID_BASE) {
  return {
    id: "6b1c0f55-7d7e-4f59-8b0f-2a2a7f3c3a01",
    topic: "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/emulator",
    subject: name,
    eventType: `Microsoft.KeyVault.${type}`,
    eventTime: "2026-11-29T12:00:00Z",
    data: {
      Id: `${vault}/${name}/${version}`,
      VaultName: new URL(vault).hostname.split(".")[0],
      ObjectType: "Secret",
      ObjectName: name,
      Version: version,
      NBF: 1764000000,
      EXP: 1795000000,
    },
    dataVersion: "1",
    metadataVersion: "1",
  };
}

async function loaded(name: string) {
  const first = await fixture.client.setSecret(name, "v1");
  const cache = fixture.cache({ ttlMs: 3_600_000 });
  await cache.get(name);
  const second = await fixture.newOtherClient().setSecret(name, "v2");
  return { cache, v1: first.properties.version!, v2: second.properties.version! };
}

describe("SecretCache.handleEvent", () => {
  it("reloads on SecretNewVersionCreated in the Event Grid schema (wire PascalCase keys)", async () => {
    fixture = createCacheFixture();
    const { cache, v2 } = await loaded("eg");
    const result = await cache.handleEvent(wireEvent("SecretNewVersionCreated", "eg", v2));
    expect(result).toEqual({ validationResponse: undefined, matched: 1, ignored: 0 });
    expect(await cache.get("eg")).toBe("v2");
  });

  it("accepts CloudEvents with camelCase data, as @azure/eventgrid's deserializer hands them over", async () => {
    fixture = createCacheFixture();
    const { cache, v2 } = await loaded("ce");
    const result = await cache.handleEvent({
      specversion: "1.0",
      id: "1",
      source: "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/emulator",
      type: "Microsoft.KeyVault.SecretNewVersionCreated",
      subject: "ce",
      data: {
        id: `${VAULT_ID_BASE}/ce/${v2}`,
        vaultName: "emulator",
        objectType: "Secret",
        objectName: "ce",
        version: v2,
      },
    });
    expect(result.matched).toBe(1);
    expect(await cache.get("ce")).toBe("v2");
  });

  it("takes a webhook batch as JSON text, ignoring other vaults and other object types", async () => {
    fixture = createCacheFixture();
    const { cache, v2 } = await loaded("batch");
    const otherVault = wireEvent(
      "SecretNewVersionCreated",
      "batch",
      "f".repeat(32),
      "https://other.vault.azure.net/secrets",
    );
    const key = {
      ...wireEvent("SecretNewVersionCreated", "batch", "e".repeat(32)),
      eventType: "Microsoft.KeyVault.KeyNewVersionCreated",
    };
    const storage = { ...key, eventType: "Microsoft.Storage.BlobCreated", data: {} };

    const result = await cache.handleEvent(JSON.stringify([otherVault, key, storage]));
    expect(result).toEqual({ validationResponse: undefined, matched: 0, ignored: 3 });
    expect(await cache.get("batch")).toBe("v1");

    await cache.handleEvent(JSON.stringify([wireEvent("SecretNewVersionCreated", "batch", v2)]));
    expect(await cache.get("batch")).toBe("v2");
  });

  it("answers the subscription-validation event with its validationResponse", async () => {
    fixture = createCacheFixture();
    const cache = fixture.cache();
    const result = await cache.handleEvent([
      {
        id: "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
        topic: "/subscriptions/s",
        subject: "",
        eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
        eventTime: "2026-11-29T12:00:00Z",
        data: {
          validationCode: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
          validationUrl: "https://example.invalid",
        },
        dataVersion: "2",
        metadataVersion: "1",
      },
    ]);
    expect(result.validationResponse).toBe("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
  });

  it("drops the expired version on SecretExpired and refreshes in the background on SecretNearExpiry", async () => {
    fixture = createCacheFixture();
    const { cache, v1 } = await loaded("expiring");
    await cache.get("expiring", { version: v1 });
    const before = fixture.backendGets("expiring");

    await cache.handleEvent(wireEvent("SecretNearExpiry", "expiring", v1));
    expect(fixture.backendGets("expiring")).toBe(before + 1);
    expect(await cache.get("expiring")).toBe("v2");

    const evicted: string[] = [];
    cache.on("evict", (event) => evicted.push(`${event.version ?? "latest"}:${event.reason}`));
    await cache.handleEvent(wireEvent("SecretExpired", "expiring", v1));
    expect(evicted).toEqual([`${v1}:event`]);
    expect(await cache.get("expiring")).toBe("v2");
    expect(fixture.backendGets("expiring")).toBe(before + 1);
  });

  it("names what is malformed in a TypeError, without echoing the input", async () => {
    fixture = createCacheFixture();
    const cache = fixture.cache();
    await expect(cache.handleEvent("{not json")).rejects.toThrow(
      "handleEvent: the event text is not valid JSON",
    );
    await expect(cache.handleEvent(null)).rejects.toThrow(TypeError);
    await expect(cache.handleEvent({ data: {} })).rejects.toThrow(/neither a string "eventType".*nor "type"/);
    const noName = {
      eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
      data: { VaultName: "emulator" },
    };
    await expect(cache.handleEvent([noName, noName])).rejects.toThrow(
      'handleEvent: Microsoft.KeyVault.SecretNewVersionCreated event #1 has no string "data.ObjectName"',
    );
  });
});
