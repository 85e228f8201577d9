// Logging and redaction: AZURE_LOG_LEVEL=info (or setLogLevel("info") from @azure/logger) turns on the Azure
// SDK log. Requests and responses are logged with allow-listed headers only (Authorization shows as
// REDACTED) and never with their bodies, so no secret value or token reaches the log. console.log of a
// returned secret prints its value as redacted, while secret.value still holds it.
import { AzureLogger, setLogLevel } from "@azure/logger";
import { format } from "node:util";
import { cleanUp, runSample, uniqueName } from "./connect";

const secretValue = "logging-sample-secret-value";

// Collect log lines in memory (the default destination is stderr).
const logLines: string[] = [];
AzureLogger.log = (...args: unknown[]) => logLines.push(format(...args));
if (!process.env.AZURE_LOG_LEVEL) setLogLevel("info");

void runSample(async (connection) => {
  const { client } = connection;
  const secretName = uniqueName("logging");
  await client.setSecret(secretName, secretValue);
  const secret = await client.getSecret(secretName);

  const authorization = logLines.join("\n").match(/"authorization": "[^"]*"/i)?.[0];
  console.log(`${logLines.length} log lines; the Authorization header is logged as ${authorization}`);
  const leaks = logLines.filter((line) => line.includes(secretValue)).length;
  console.log(`Log lines containing the secret value: ${leaks}`);

  console.log("console.log(secret) prints:");
  console.log(secret);
  console.log(`secret.value still holds the value: ${secret.value === secretValue}`);

  await cleanUp(connection, [secretName]);
});
