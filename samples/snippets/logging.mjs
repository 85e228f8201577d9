import { DefaultAzureCredential } from "@azure/identity";
import { setLogLevel } from "@azure/logger";
import { SecretClient } from "keyvault-secrets-client";

setLogLevel("info"); // or AZURE_LOG_LEVEL=info; log lines go to stderr
const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
const secret = await client.setSecret("logging-demo", "appears in no log line");
console.log(secret); // value: '[REDACTED]', while secret.value still holds the value
