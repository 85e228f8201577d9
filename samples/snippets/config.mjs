import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient, loadSecretsConfig } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("myapp-Database--Host", "db.internal");
await client.setSecret("myapp-Database--Password", "s3cr3t");

const config = await loadSecretsConfig(client, {
  prefix: "myapp-", // only these names, matched case-insensitively, stripped from the keys
  required: ["Database.Host", "Database.Password"], // missing ones: one SecretsConfigError listing all
  refresh: { intervalMs: 5 * 60_000 }, // re-list, get only what changed (jittered)
});
console.log(config.get("Database.Host")); // db.internal
console.log(config); // SecretsConfig { names: [ … ] }: names, never values
config.on("change", ({ changed, removed }) => console.log({ changed, removed }));
config.dispose();
