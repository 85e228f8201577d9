// Error handling: a failed call rejects with a RestError carrying the HTTP statusCode, the service's error
// `code` and, in `details`, the parsed error body with its inner code (which tells a disabled secret from a
// missing permission). Bad arguments throw before any request. Throttling (429) is retried by the client,
// shown here with the emulator's fault injection and request journal. An AbortSignal cancels a call.
import { isRestError } from "keyvault-secrets-client";
import { cleanUp, runSample, uniqueName } from "./connect";

/** The service's inner error code (`error.innererror.code` in the response body), if any. */
function innerCode(error: unknown): string | undefined {
  const details = isRestError(error) ? (error.details as { error?: { innererror?: { code?: string } } }) : {};
  return details?.error?.innererror?.code;
}

void runSample(
  async (connection) => {
    const { client, emulator } = connection;
    const secretName = uniqueName("error-handling");

    try {
      await client.getSecret(secretName);
    } catch (error) {
      if (!isRestError(error)) throw error;
      console.log(`Missing secret: statusCode ${error.statusCode}, code ${error.code}`);
    }

    await client.setSecret(secretName, "value", { enabled: false });
    try {
      await client.getSecret(secretName);
    } catch (error) {
      if (!isRestError(error) || error.statusCode !== 403) throw error;
      // A 403 with inner code "SecretDisabled" means the secret is disabled; without it, a permission is missing.
      console.log(
        `Disabled secret: statusCode ${error.statusCode}, code ${error.code}, inner code ${innerCode(error)}`,
      );
    }

    try {
      await client.getSecret("not a valid name!");
    } catch (error) {
      // Arguments are checked before any request is sent.
      console.log(`Invalid name: ${(error as Error).name}: ${(error as Error).message}`);
    }

    if (emulator) {
      // Two throttled answers (429 without Retry-After, as the real service sends them), then success.
      emulator.journal.clear();
      emulator.faults.add({ kind: "status", status: 429, operation: "getSecretVersions", times: 2 });
      let versions = 0;
      for await (const _ of client.listPropertiesOfSecretVersions(secretName)) versions++;
      const statuses = emulator.journal
        .entries()
        .filter((entry) => entry.operation === "getSecretVersions")
        .map((entry) => entry.status);
      console.log(
        `Throttled twice, then ${versions} version listed: the emulator answered ${statuses.join(", ")}`,
      );

      // A request the service never answers, cancelled after 200 ms.
      emulator.faults.add({ kind: "hang", operation: "getSecret", times: 1 });
      try {
        await client.getSecret(secretName, { abortSignal: AbortSignal.timeout(200) });
      } catch (error) {
        console.log(`Hanging request cancelled by an AbortSignal: ${(error as Error).name}`);
      }
    } else {
      console.log(
        "Throttling and hanging requests are shown against the emulator only (unset KEYVAULT_URI).",
      );
    }

    const controller = new AbortController();
    controller.abort();
    try {
      await client.getSecret(secretName, { abortSignal: controller.signal });
    } catch (error) {
      console.log(`Already aborted signal: ${(error as Error).name}`);
    }

    await cleanUp(connection, [secretName]);
  },
  // Short retry delays keep the sample quick; by default the delay starts at 1 s and doubles per retry.
  { retryOptions: { maxRetries: 3, retryDelayInMs: 50 } },
);
