import { SecretClient } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator();
try {
  // The emulator mints its own tokens, and clientOptions makes the client trust its certificate.
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("greeting", "Hello from an emulator inside this process");
  console.log((await client.getSecret("greeting")).value);
} finally {
  await emulator.stop(); // the process keeps running until the emulator stops
}
