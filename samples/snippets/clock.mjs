import { SecretClient, isRestError } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator({ recoverableDays: 7 });
try {
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("clock-demo", "value");
  await (await client.beginDeleteSecret("clock-demo")).pollUntilDone();
  emulator.clock.advance(8 * 24 * 60 * 60 * 1000); // eight days later the 7-day retention is over
  await client.getDeletedSecret("clock-demo").catch((error) => console.log(isRestError(error) && error.code)); // SecretNotFound: purged
} finally {
  await emulator.stop();
}
