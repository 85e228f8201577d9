import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient, isRestError } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("disabled-demo", "value", { enabled: false });
for (const name of ["no-such-secret", "disabled-demo"]) {
  try {
    await client.getSecret(name);
  } catch (error) {
    if (!isRestError(error)) throw error;
    // error.details is the parsed error body: its inner code tells a disabled secret from a missing permission.
    const innerCode = Object(error.details).error?.innererror?.code;
    console.log(`${name}: ${error.statusCode} ${error.code} ${innerCode ?? "-"}: ${error.message}`);
  }
}
