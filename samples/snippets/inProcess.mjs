import { SecretClient } from "keyvault-secrets-client";
import { createEmulatorHttpClient } from "keyvault-secrets-client/emulator";

// No port, no certificate and nothing to stop: the emulator answers inside this process.
const emulator = createEmulatorHttpClient();
const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
await client.setSecret("unit-test-secret", "value");
console.log(emulator.journal.entries().map((entry) => `${entry.operation} ${entry.status}`)); // the 401 challenge, then 200
