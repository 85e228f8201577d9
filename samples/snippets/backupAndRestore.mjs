import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient, isRestError } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("backup-demo", "value");
const backup = await client.backupSecret("backup-demo"); // opaque bytes: every version, encrypted
if (!backup) throw new Error("backupSecret returned no bytes");
await (await client.beginDeleteSecret("backup-demo")).pollUntilDone();
await client.purgeDeletedSecret("backup-demo");

// A real vault keeps a purged name reserved for a while (up to about 40 s observed): retry the 409.
for (let attempt = 1; ; attempt++) {
  try {
    const restored = await client.restoreSecretBackup(backup);
    console.log(`restored ${restored.name}, latest version ${restored.version}`);
    break;
  } catch (error) {
    if (!isRestError(error) || error.statusCode !== 409 || attempt === 30) throw error;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
