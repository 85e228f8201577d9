// SecretCache: read secrets at memory speed. Loads once for concurrent callers, answers hits from memory,
// refreshes ahead of the TTL, serves the last good value while the vault throttles or is down, and drops an
// entry as soon as a write through the same client, or a Key Vault Event Grid event, says it changed.
import { SecretCache, SecretClient } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

/**
 * What an Event Grid webhook endpoint does with a delivery (the parsed JSON body): apply the events, and
 * answer the subscription-validation handshake. Respond 200 with the returned object as JSON.
 */
async function onEventGridDelivery(cache: SecretCache, body: unknown): Promise<object> {
  const { validationResponse } = await cache.handleEvent(body);
  return validationResponse ? { validationResponse } : {};
}

void runSample(async (connection) => {
  const { client, emulator } = connection;
  const passwordName = uniqueName("cache-db-password");
  const configName = uniqueName("cache-app-config");
  await client.setSecret(passwordName, "first-password");
  await client.setSecret(configName, JSON.stringify({ featureX: true, poolSize: 10 }));

  const cache = new SecretCache(client, { ttlMs: 5 * 60_000, maxStaleMs: 60 * 60_000 });
  try {
    const values = await Promise.all(Array.from({ length: 100 }, () => cache.get(passwordName)));
    console.log(`100 concurrent get() → ${new Set(values).size} value, ${cache.stats().requests} request`);
    for (let i = 0; i < 10_000; i++) await cache.get(passwordName);
    console.log(`10,000 more get() → answered from memory, still ${cache.stats().requests} request`);

    const config = (await cache.get(configName, { transform: "json" })) as { poolSize: number };
    console.log(`JSON parsed once and shared: poolSize ${config.poolSize}`);

    await client.setSecret(passwordName, "rotated-password");
    const afterWrite = await cache.get(passwordName);
    console.log(`setSecret through the cache's client → next get() reads "${afterWrite}"`);

    if (emulator) {
      // A rotation made elsewhere (another app, the portal) reaches the cache through Event Grid; the emulator
      // publishes the same events, here handed over in process instead of through a webhook.
      emulator.events.subscribe((event) => void onEventGridDelivery(cache, [event]));
      const elsewhere = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
      await elsewhere.setSecret(passwordName, "rotated-elsewhere");
      const afterEvent = await cache.get(passwordName);
      console.log(`SecretNewVersionCreated event → next get() reads "${afterEvent}"`);
    }

    const { hits, misses, coalesced, requests, size } = cache.stats();
    console.log(
      `stats: ${hits} hits, ${misses} misses, ${coalesced} coalesced, ${requests} requests, ${size} entries`,
    );
  } finally {
    cache.dispose();
    await cleanUp(connection, [passwordName, configName]);
  }
});
