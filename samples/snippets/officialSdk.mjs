// Makes *.localhost resolve to loopback in this process, like node --import keyvault-secrets-client/emulator/localhost.
import "keyvault-secrets-client/emulator/localhost";
import { SecretClient } from "@azure/keyvault-secrets";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator({ vaults: ["dev"] });
try {
  // A vault by name (https://dev.vault.localhost:<port>): the challenge-resource verification stays on.
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("from-the-official-sdk", "value");
  console.log((await client.getSecret("from-the-official-sdk")).value);
} finally {
  await emulator.stop();
}
