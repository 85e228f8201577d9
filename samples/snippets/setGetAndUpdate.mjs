import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
const first = await client.setSecret("db-password", "first-password", { contentType: "text/plain" });
await client.setSecret("db-password", "second-password"); // a new version, now the latest
const latest = await client.getSecret("db-password");
const older = await client.getSecret("db-password", { version: first.properties.version ?? "" });
console.log(`latest "${latest.value}", first "${older.value}"`);

// "" updates the latest version (or pass a version id). Tags are replaced whole; fields left out stay.
const updated = await client.updateSecretProperties("db-password", "", {
  tags: { team: "payments" },
  expiresOn: new Date(Date.now() + 90 * 24 * 60 * 60 * 1000),
});
console.log(`tags ${JSON.stringify(updated.tags)}, expires ${updated.expiresOn?.toISOString()}`);
