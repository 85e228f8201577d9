import { DefaultAzureCredential } from "@azure/identity";
import { SecretCache, SecretClient } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("app-config", JSON.stringify({ poolSize: 10 }));

const cache = new SecretCache(client, { ttlMs: 5 * 60_000, maxStaleMs: 60 * 60_000 });
console.log(await cache.get("app-config", { transform: "json" })); // parsed once, shared and frozen
// A write through the cache's client drops the cached entry at once.
await client.setSecret("app-config", JSON.stringify({ poolSize: 20 }));
console.log(await cache.get("app-config", { transform: "json" })); // { poolSize: 20 }
cache.dispose();
