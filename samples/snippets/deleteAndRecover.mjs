import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "keyvault-secrets-client";

const client = new SecretClient(process.env.KEYVAULT_URI ?? "", new DefaultAzureCredential());
await client.setSecret("temp-secret", "value");

// The DELETE is sent before beginDeleteSecret resolves; pollUntilDone waits until it has propagated.
const deletePoller = await client.beginDeleteSecret("temp-secret");
const saved = deletePoller.toString(); // a poller's state survives a restart of your program
const resumed = await client.beginDeleteSecret("temp-secret", { resumeFrom: saved });
const deleted = await resumed.pollUntilDone();
console.log(`deleted, recoverable until ${deleted.scheduledPurgeDate?.toISOString()}`);

const { recoveryLevel } = (await client.getDeletedSecret("temp-secret")).properties;
const recoverPoller = await client.beginRecoverDeletedSecret("temp-secret");
console.log(`recovered version ${(await recoverPoller.pollUntilDone()).version} (${recoveryLevel})`);

// Gone for good: delete, then purge (needs the purge permission and a vault without purge protection).
await (await client.beginDeleteSecret("temp-secret")).pollUntilDone();
await client.purgeDeletedSecret("temp-secret");
