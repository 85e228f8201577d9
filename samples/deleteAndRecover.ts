// Soft delete and recovery: delete with a poller, read the deleted secret, see that its name is reserved
// (409 ObjectIsDeletedButRecoverable), recover it with a poller and read its value again. Also shows that
// a poller's state can be saved with toString() and resumed elsewhere with resumeFrom.
import { isRestError } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client, intervalInMs } = connection;
  const secretName = uniqueName("delete-and-recover");
  await client.setSecret(secretName, "recover-me");

  // The DELETE is sent inside beginDeleteSecret; polling waits until the deleted secret is visible.
  const deletePoller = await client.beginDeleteSecret(secretName, { intervalInMs });
  const savedState = deletePoller.toString();
  const resumed = await client.beginDeleteSecret(secretName, { intervalInMs, resumeFrom: savedState });
  const deletedSecret = await resumed.pollUntilDone();
  console.log(`Deleted ${deletedSecret.name} (resumed poller); recoveryId ${deletedSecret.recoveryId}`);

  const deleted = await client.getDeletedSecret(secretName);
  console.log(
    `getDeletedSecret: deleted on ${deleted.deletedOn?.toISOString()}, recovery level ${deleted.properties.recoveryLevel}`,
  );

  try {
    await client.setSecret(secretName, "reuse the name?");
  } catch (error) {
    if (!isRestError(error) || error.statusCode !== 409) throw error;
    const inner = (error.details as { error?: { innererror?: { code?: string } } })?.error?.innererror?.code;
    console.log(`setSecret on the deleted name: ${error.statusCode} ${error.code} / ${inner}`);
  }

  const recoverPoller = await client.beginRecoverDeletedSecret(secretName, { intervalInMs });
  const recovered = await recoverPoller.pollUntilDone();
  console.log(`Recovered ${recovered.name}, version ${recovered.version}`);

  const secret = await client.getSecret(secretName);
  console.log(`Its value is back: "${secret.value}"`);

  await cleanUp(connection, [secretName]);
});
