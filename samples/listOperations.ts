// Listing: for-await over every item and byPage() over pages (maxPageSize, continuationToken), for secrets,
// for the versions of one secret and for deleted secrets. List results carry properties, never values.
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client, intervalInMs } = connection;
  const names = [uniqueName("list-a"), uniqueName("list-b"), uniqueName("list-c")];
  for (const name of names) await client.setSecret(name, "value");
  for (let i = 2; i <= 3; i++) await client.setSecret(names[0], `value ${i}`);

  // Every secret in the vault, one item at a time (the pager fetches pages as needed).
  let count = 0;
  for await (const properties of client.listPropertiesOfSecrets()) {
    if (names.includes(properties.name)) count++;
  }
  console.log(`for await: found our ${count} secrets`);

  // The same listing page by page; continuationToken lets a later call resume where this one stopped.
  const pages = client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 });
  const firstPage = (await pages.next()).value;
  console.log(
    `byPage: first page has ${firstPage.length} secrets, continuationToken ${firstPage.continuationToken ? "set" : "none"}`,
  );
  if (firstPage.continuationToken) {
    const rest = client.listPropertiesOfSecrets().byPage({ continuationToken: firstPage.continuationToken });
    const secondPage = (await rest.next()).value;
    console.log(`byPage({ continuationToken }): resumed with ${secondPage.length} more`);
  }

  // All versions of one secret.
  for await (const page of client.listPropertiesOfSecretVersions(names[0]).byPage({ maxPageSize: 2 })) {
    console.log(`versions of ${names[0]}: page of ${page.length}: ${page.map((p) => p.version).join(", ")}`);
  }

  // Deleted secrets (soft-deleted and recoverable until their scheduled purge date).
  await (await client.beginDeleteSecret(names[2], { intervalInMs })).pollUntilDone();
  for await (const deleted of client.listDeletedSecrets()) {
    if (deleted.name === names[2])
      console.log(`deleted: ${deleted.name}, purge scheduled ${deleted.scheduledPurgeDate?.toISOString()}`);
  }

  await cleanUp(connection, names);
  console.log("Listing done.");
});
