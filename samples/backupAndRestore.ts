// Backup and restore: back up a secret (all versions, as opaque bytes), delete and purge it, then restore it
// from the backup with its versions and ids intact. Purging needs the purge permission and no purge
// protection on a real vault.
import { isRestError, type SecretProperties } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client, intervalInMs } = connection;
  const secretName = uniqueName("backup-and-restore");
  await client.setSecret(secretName, "version one");
  const latest = await client.setSecret(secretName, "version two");

  const backup = await client.backupSecret(secretName);
  if (!backup) throw new Error("backupSecret returned no bytes");
  console.log(`Backed up ${secretName}: ${backup.length} bytes`);

  await (await client.beginDeleteSecret(secretName, { intervalInMs })).pollUntilDone();
  await client.purgeDeletedSecret(secretName);
  console.log("Deleted and purged it");

  // A real vault keeps a purged name reserved for a few seconds more, so restore may briefly answer 409.
  let restored: SecretProperties | undefined;
  for (let attempt = 1; !restored; attempt++) {
    try {
      restored = await client.restoreSecretBackup(backup);
    } catch (error) {
      if (!isRestError(error) || error.statusCode !== 409 || attempt === 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalInMs));
    }
  }
  console.log(
    `Restored ${restored.name}; latest version ${restored.version === latest.properties.version ? "unchanged" : "changed"}`,
  );

  let versions = 0;
  for await (const _ of client.listPropertiesOfSecretVersions(secretName)) versions++;
  const secret = await client.getSecret(secretName);
  console.log(`${versions} versions restored; latest value "${secret.value}"`);

  try {
    await client.restoreSecretBackup(new Uint8Array([1, 2, 3]));
  } catch (error) {
    if (!isRestError(error)) throw error;
    console.log(`Restoring garbage bytes: ${error.statusCode} ${error.code}`);
  }

  await cleanUp(connection, [secretName]);
});
