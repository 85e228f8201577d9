import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("list-demo", "one");
await client.setSecret("list-demo", "two");

// Item by item; listings carry properties, never values.
for await (const properties of client.listPropertiesOfSecrets()) console.log(properties.name);

// Page by page, then resumed from a page's continuationToken (for example in a later request).
const pages = client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 });
const firstPage = (await pages.next()).value;
if (firstPage?.continuationToken) {
  const rest = client.listPropertiesOfSecrets().byPage({ continuationToken: firstPage.continuationToken });
  for await (const page of rest) console.log(`a page of ${page.length}`);
}

for await (const version of client.listPropertiesOfSecretVersions("list-demo")) console.log(version.version);
for await (const deleted of client.listDeletedSecrets())
  console.log(deleted.name, deleted.scheduledPurgeDate);
