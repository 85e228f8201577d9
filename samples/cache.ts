// SecretCache: read secrets at memory speed. Loads once for concurrent callers, answers hits from memory,
// refreshes ahead of the TTL, serves the last good value while the vault throttles or is down, and drops an
// entry as soon as a write through the same client (or a Key Vault Event Grid event) says it changed.
import { SecretCache } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client, emulator } = connection;
  const passwordName = uniqueName("cache-db-password");
  const configName = uniqueName("cache-app-config");
  await client.setSecret(passwordName, "first-password");
  await client.setSecret(configName, JSON.stringify({ featureX: true, poolSize: 10 }));

  const cache = new SecretCache(client, { ttlMs: 5 * 60_000 });
  try {
    // 100 concurrent callers, one request.
    const values = await Promise.all(Array.from({ length: 100 }, () => cache.get(passwordName)));
    console.log(
      `100 concurrent get() calls → ${new Set(values).size} value, ${cache.stats().requests} request`,
    );

    const started = performance.now();
    for (let i = 0; i < 10_000; i++) await cache.get(passwordName);
    const perHitUs = ((performance.now() - started) * 1000) / 10_000;
    console.log(
      `10,000 hits from memory → ${perHitUs.toFixed(2)} µs each, still ${cache.stats().requests} request`,
    );

    const config = (await cache.get(configName, { transform: "json" })) as { poolSize: number };
    console.log(`JSON parsed once and shared: poolSize ${config.poolSize}`);

    // A write through the same client drops the entry at once: no waiting for the TTL.
    await client.setSecret(passwordName, "rotated-password");
    console.log(
      `After setSecret through the client → get() reads the new value: ${(await cache.get(passwordName)) === "rotated-password"}`,
    );

    if (emulator) {
      // Rotations made elsewhere reach the cache through Key Vault's Event Grid events; the emulator publishes
      // the same events (in production, call cache.handleEvent(body) from your Event Grid webhook).
      emulator.events.subscribe((event) => void cache.handleEvent(event));
      await connection.client.setSecret(passwordName, "rotated-again");
      console.log(
        `After a SecretNewVersionCreated event → get() reads: ${(await cache.get(passwordName)) === "rotated-again"}`,
      );
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
