import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";

// KEYVAULT_URI: https://<vault-name>.vault.azure.net, or the emulator's URL with its variables exported.
const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
for await (const properties of client.listPropertiesOfSecrets()) console.log(properties.name);
