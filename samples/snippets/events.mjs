import { SecretClient } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const day = 24 * 60 * 60 * 1000;
const emulator = await startEmulator();
try {
  emulator.events.subscribe((event) => console.log(event.subject), { schema: "CloudEventSchemaV1_0" });
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("expiring", "value", { expiresOn: new Date(emulator.clock.now() + 40 * day) });
  emulator.clock.advance(10 * day); // 30 days before its expiry: SecretNearExpiry
  emulator.clock.advance(30 * day); // its expiry: SecretExpired
  console.log(emulator.events.published().map((event) => event.eventType));
} finally {
  await emulator.stop();
}
