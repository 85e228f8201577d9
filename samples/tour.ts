// `npm start`: a narrated tour of every SecretClient operation, one line per step (what was called, what
// came back). It runs against a Key Vault emulator started in this process, or, when KEYVAULT_URI is set,
// against that vault with DefaultAzureCredential; there it only touches the three secrets it creates (unique
// names) and deletes and purges them at the end.
import { isRestError, type SecretProperties } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

let steps = 0;
function say(call: string, result: string): void {
  console.log(`${String(++steps).padStart(2)}. ${call} → ${result}`);
}
const short = (version: string | undefined): string => (version ?? "?").slice(0, 8);
const day = (date: Date | undefined): string => date?.toISOString().slice(0, 10) ?? "-";
const tagsOf = (p: SecretProperties): string =>
  Object.entries(p.tags ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");

void runSample(async (connection) => {
  const { client, emulator, intervalInMs } = connection;
  const started = Date.now();
  const name = uniqueName("tour");
  const neighbours = [uniqueName("tour-neighbour"), uniqueName("tour-neighbour")];
  console.log(`Secret used by this tour: ${name}\n`);
  try {
    const first = await client.setSecret(name, "tour-value-1", {
      contentType: "text/plain",
      tags: { env: "dev", owner: "tour" },
    });
    say(
      `setSecret("${name}", …, { contentType, tags })`,
      `version ${short(first.properties.version)}, contentType ${first.properties.contentType}, tags ${tagsOf(first.properties)}`,
    );

    const got = await client.getSecret(name);
    say(`getSecret("${name}")`, `value "${got.value}" (version ${short(got.properties.version)})`);

    const second = await client.setSecret(name, "tour-value-2");
    say(`setSecret("${name}", …) again`, `new version ${short(second.properties.version)}`);
    const versions: string[] = [];
    for await (const properties of client.listPropertiesOfSecretVersions(name)) {
      versions.push(short(properties.version));
    }
    say(`listPropertiesOfSecretVersions("${name}")`, `${versions.length} versions: ${versions.join(", ")}`);

    const version = second.properties.version!;
    const expiresOn = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1));
    const updated = await client.updateSecretProperties(name, version, { tags: { env: "prod" }, expiresOn });
    say(
      `updateSecretProperties(…, { tags, expiresOn })`,
      `tags ${tagsOf(updated)} (replaced whole), expires ${day(updated.expiresOn)}`,
    );

    const disabled = await client.updateSecretProperties(name, version, { enabled: false });
    say(`updateSecretProperties(…, { enabled: false })`, `enabled ${disabled.enabled}`);
    try {
      await client.getSecret(name);
      throw new Error("getSecret of a disabled secret should have failed");
    } catch (error) {
      if (!isRestError(error)) throw error;
      const details = error.details as { error?: { innererror?: { code?: string } } } | undefined;
      say(
        `getSecret("${name}") while disabled`,
        `RestError ${error.statusCode} ${error.code} / ${details?.error?.innererror?.code}: ${error.message}`,
      );
    }
    await client.updateSecretProperties(name, version, { enabled: true });
    say(`updateSecretProperties(…, { enabled: true })`, `enabled again`);

    for (const neighbour of neighbours) await client.setSecret(neighbour, "neighbour");
    say(`setSecret() ×2`, `two more secrets, so the listing has more than one page`);
    let pageNumber = 0;
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) {
      // On a real vault, other people's secrets are counted, not named.
      const ours = page
        .map((properties) => properties.name)
        .filter((n) => n === name || neighbours.includes(n));
      const others = page.length - ours.length;
      const names = [...ours, ...(others ? [`${others} other secret(s)`] : [])].join(", ");
      const more =
        "continuationToken" in page && page.continuationToken ? "continuationToken set" : "last page";
      say(
        `listPropertiesOfSecrets().byPage({ maxPageSize: 2 })`,
        `page ${++pageNumber}: [${names}] (${more})`,
      );
      // A real vault may hold many secrets: three pages are enough to show paging.
      if (pageNumber === 3) break;
    }

    const backup = await client.backupSecret(name);
    say(`backupSecret("${name}")`, `${backup?.length} bytes (opaque, all versions)`);

    const deletePoller = await client.beginDeleteSecret(name, { intervalInMs });
    const deleted = await deletePoller.pollUntilDone();
    say(
      `beginDeleteSecret("${name}") + pollUntilDone()`,
      `deleted on ${day(deleted.deletedOn)}, purge scheduled for ${day(deleted.scheduledPurgeDate)}`,
    );

    const shown = await client.getDeletedSecret(name);
    say(
      `getDeletedSecret("${name}")`,
      `recoveryId ${shown.recoveryId}, recoveryLevel ${shown.properties.recoveryLevel}`,
    );

    const recoverPoller = await client.beginRecoverDeletedSecret(name, { intervalInMs });
    const recovered = await recoverPoller.pollUntilDone();
    say(
      `beginRecoverDeletedSecret("${name}") + pollUntilDone()`,
      `recovered, version ${short(recovered.version)}`,
    );

    await (await client.beginDeleteSecret(name, { intervalInMs })).pollUntilDone();
    say(`beginDeleteSecret("${name}") + pollUntilDone()`, `deleted again`);
    await client.purgeDeletedSecret(name);
    say(`purgeDeletedSecret("${name}")`, `purged: the name is free, only the backup remains`);

    const restored = await restoreWhenNameIsFree(() => client.restoreSecretBackup(backup!), intervalInMs);
    let restoredVersions = 0;
    for await (const _ of client.listPropertiesOfSecretVersions(name)) restoredVersions++;
    say(
      `restoreSecretBackup(backup)`,
      `${restored.name} is back with its ${restoredVersions} versions, latest ${short(restored.version)}`,
    );
    const again = await client.getSecret(name);
    say(`getSecret("${name}")`, `value "${again.value}"`);
  } finally {
    await cleanUp(connection, [name, ...neighbours]);
  }
  const where = emulator ? "the embedded emulator" : "your vault (secrets deleted and purged)";
  console.log(`\nDone: ${steps} steps against ${where} in ${Date.now() - started} ms.`);
  console.log(
    "Summary: one secret set with tags and a content type, read, given a second version, updated, disabled " +
      "(403 SecretDisabled handled) and re-enabled; the vault listed page by page; the secret backed up, " +
      "deleted, recovered, deleted again, purged and restored from its backup with both versions.",
  );
  if (emulator) {
    const requests = emulator.journal.entries();
    const challenges = requests.filter((entry) => entry.status === 401).length;
    console.log(
      `The emulator served ${requests.length} HTTP requests (${challenges} authentication challenge).`,
    );
    console.log(
      "Next: `npx ts-node samples/helloWorld.ts`, or set KEYVAULT_URI to run this tour on your vault.",
    );
  }
});

/** A purged name stays reserved on a real vault for up to ~40 s (409); the emulator frees it at once. */
async function restoreWhenNameIsFree(
  restore: () => Promise<SecretProperties>,
  intervalInMs: number,
): Promise<SecretProperties> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await restore();
    } catch (error) {
      if (!isRestError(error) || error.statusCode !== 409 || attempt === 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalInMs));
    }
  }
}
