// Shared by the samples: a SecretClient for the vault in KEYVAULT_URI (signed in with DefaultAzureCredential)
// or, when KEYVAULT_URI is not set, for a Key Vault emulator started inside this process.
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient, isRestError, type SecretClientOptions } from "keyvault-secrets-client";
import { startEmulator, type RunningEmulator } from "keyvault-secrets-client/emulator";

/** What a sample works with. */
export interface Connection {
  client: SecretClient;
  /** The embedded emulator, or `undefined` when the sample talks to a real vault. */
  emulator: RunningEmulator | undefined;
  /** Poller interval: the emulator answers at once, a real vault takes seconds to propagate a delete. */
  intervalInMs: number;
}

/**
 * Connects, runs `body`, stops the emulator (if any) and sets the exit code; never rejects. Every sample's
 * `main`.
 */
export async function runSample(
  body: (connection: Connection) => Promise<void>,
  clientOptions: SecretClientOptions = {},
): Promise<void> {
  const vaultUrl = process.env.KEYVAULT_URI;
  let emulator: RunningEmulator | undefined;
  try {
    let client: SecretClient;
    if (vaultUrl) {
      console.log(`Using the Key Vault at ${vaultUrl}, signed in with DefaultAzureCredential.`);
      client = new SecretClient(vaultUrl, new DefaultAzureCredential(), clientOptions);
    } else {
      emulator = await startEmulator();
      console.log(
        `Using the embedded emulator at ${emulator.vaultUrl} (set KEYVAULT_URI to use a real vault).`,
      );
      client = new SecretClient(emulator.vaultUrl, emulator.credential, {
        ...emulator.clientOptions,
        ...clientOptions,
      });
    }
    await body({ client, emulator, intervalInMs: emulator ? 10 : 2000 });
  } catch (error) {
    process.exitCode = 1;
    // A RestError's message is the service's message; it never contains the request body.
    console.error(isRestError(error) ? `Failed: ${error.statusCode} ${error.code}: ${error.message}` : error);
  } finally {
    await emulator?.stop();
  }
}

/** A name no one else uses, so a sample never touches secrets it did not create. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Deletes and purges secrets this sample created. Purging needs the purge permission and a vault without
 * purge protection; otherwise the secret stays soft-deleted until its scheduled purge date.
 */
export async function cleanUp(connection: Connection, names: string[]): Promise<void> {
  const { client, intervalInMs } = connection;
  for (const name of names) {
    try {
      const poller = await client.beginDeleteSecret(name, { intervalInMs });
      await poller.pollUntilDone();
    } catch (error) {
      // Already deleted by the sample itself: purge it below all the same.
      if (!isRestError(error) || error.statusCode !== 404) throw error;
    }
    try {
      await client.purgeDeletedSecret(name);
    } catch (error) {
      if (!isRestError(error)) throw error;
      if (error.statusCode === 403) console.log(`Left ${name} soft-deleted: ${error.message}`);
      else if (error.statusCode !== 404) throw error;
    }
  }
}
