// Hello world, self-contained (the other samples share this set-up through ./connect): create a secret, read
// it back (latest and by version), update its properties, delete it. Uses the vault in KEYVAULT_URI with
// DefaultAzureCredential when set (and then purges what it created), the embedded emulator otherwise.
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";
import { startEmulator } from "keyvault-secrets-client/emulator";

async function main(): Promise<void> {
  const vaultUrl = process.env.KEYVAULT_URI;
  const emulator = vaultUrl ? undefined : await startEmulator();
  const client = emulator
    ? new SecretClient(emulator.vaultUrl, emulator.credential, { ...emulator.clientOptions })
    : new SecretClient(vaultUrl!, new DefaultAzureCredential());
  console.log(
    emulator ? `Using the embedded emulator at ${emulator.vaultUrl}` : `Using the Key Vault at ${vaultUrl}`,
  );

  try {
    const secretName = `hello-world-${Date.now()}`;
    const created = await client.setSecret(secretName, "my-secret-value", { contentType: "text/plain" });
    console.log(`Created ${created.name}, version ${created.properties.version}`);

    const secret = await client.getSecret(secretName);
    console.log(`Read it back: value "${secret.value}", enabled ${secret.properties.enabled}`);

    const latest = await client.setSecret(secretName, "my-new-value");
    const older = await client.getSecret(secretName, { version: created.properties.version });
    console.log(`Added version ${latest.properties.version}; the first version still reads "${older.value}"`);

    const properties = await client.updateSecretProperties(secretName, latest.properties.version!, {
      tags: { team: "payments" },
    });
    console.log(`Updated its tags: ${JSON.stringify(properties.tags)}`);

    const poller = await client.beginDeleteSecret(secretName, { intervalInMs: emulator ? 10 : 2000 });
    const deleted = await poller.pollUntilDone();
    console.log(`Deleted it; recoverable until ${deleted.scheduledPurgeDate?.toISOString()}`);

    await client.purgeDeletedSecret(secretName);
    console.log("Purged it. Hello world done.");
  } finally {
    await emulator?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
