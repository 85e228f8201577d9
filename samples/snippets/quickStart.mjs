import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";
const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("greeting", "Hello, Key Vault");
console.log((await client.getSecret("greeting")).value); // Hello, Key Vault
