import { SecretCache, SecretClient } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator();
try {
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  const cache = new SecretCache(client);
  await client.setSecret("rotating-password", "first");
  console.log(await cache.get("rotating-password")); // first
  // A webhook would pass each Event Grid delivery to handleEvent; the emulator publishes the same events.
  emulator.events.subscribe((event) => void cache.handleEvent([event]));
  const otherApp = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await otherApp.setSecret("rotating-password", "rotated");
  console.log(await cache.get("rotating-password")); // rotated: SecretNewVersionCreated dropped the entry
  cache.dispose();
} finally {
  await emulator.stop();
}
