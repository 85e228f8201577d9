// Hello world: create a secret, read it back, update its properties and delete it. Runs against the embedded
// emulator, or against the vault in KEYVAULT_URI with DefaultAzureCredential (then it purges what it made).
import { cleanUp, runSample, uniqueName } from "./connect";

void runSample(async (connection) => {
  const { client } = connection;
  const secretName = uniqueName("hello-world");

  const created = await client.setSecret(secretName, "my-secret-value", { contentType: "text/plain" });
  console.log(`Created ${created.name}, version ${created.properties.version}`);

  const secret = await client.getSecret(secretName);
  console.log(`Read it back: value "${secret.value}", enabled ${secret.properties.enabled}`);

  const properties = await client.updateSecretProperties(secretName, secret.properties.version!, {
    tags: { team: "payments" },
  });
  console.log(`Updated its tags: ${JSON.stringify(properties.tags)}`);

  const poller = await client.beginDeleteSecret(secretName, { intervalInMs: connection.intervalInMs });
  const deleted = await poller.pollUntilDone();
  console.log(
    `Deleted it on ${deleted.deletedOn?.toISOString()}; recoverable until ${deleted.scheduledPurgeDate?.toISOString()}`,
  );

  await cleanUp(connection, [secretName]);
  console.log("Purged it. Hello world done.");
});
