import { SecretClient } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

const emulator = await startEmulator();
try {
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("fault-demo", "value");
  // The next two reads answer 429 Throttled without Retry-After, as the service does; the client backs off.
  emulator.faults.add({ kind: "status", status: 429, operation: "getSecret", times: 2 });
  await client.getSecret("fault-demo");
  const statuses = emulator.journal
    .entries()
    .filter((entry) => entry.operation === "getSecret")
    .map((entry) => entry.status);
  console.log(statuses); // [ 429, 429, 200 ]
} finally {
  await emulator.stop();
}
