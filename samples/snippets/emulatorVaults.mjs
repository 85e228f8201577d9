import { SecretClient, isRestError } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator({ vaults: ["dev", { name: "prod", purgeProtection: true }] });
try {
  const { credential, clientOptions } = emulator;
  const dev = new SecretClient(emulator.vaults.url("dev"), credential, clientOptions);
  const prod = new SecretClient(emulator.vaults.url("prod"), credential, clientOptions);
  await dev.setSecret("only-in-dev", "value");
  await prod.getSecret("only-in-dev").catch((error) => console.log(isRestError(error) && error.code)); // SecretNotFound
  console.log(emulator.vaults.list().map((vault) => vault.url)); // https://dev.vault.localhost:<port>, …
} finally {
  await emulator.stop();
}
