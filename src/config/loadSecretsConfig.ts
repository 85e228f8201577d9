import type { SecretClient } from "../client/secretClient.js";
import { abortError } from "../shared/abort.js";
import type { SecretsConfigOptions, SecretsConfigTree } from "./options.js";
import { Layer } from "./layer.js";
import { RequestGate } from "./requestGate.js";
import { SecretsConfigHandle, type SecretsConfig } from "./secretsConfig.js";
import { resolveSettings } from "./settings.js";
import type { StandardSchemaOutput, StandardSchemaV1 } from "./standardSchema.js";

/**
 * Loads an app's configuration from Key Vault: one listing pass per vault (or exactly `names`, without
 * listing), then bounded-parallel gets, paced within the vault's limits. Disabled secrets, and expired or
 * not-yet-valid ones, are skipped; `--` in a name opens a section. Every problem (a missing required key, a
 * collision, JSON that does not parse, a schema failure, a request that failed after the client's retries)
 * is collected and thrown once, as one {@link SecretsConfigError}, after the whole load.
 *
 * @param source - A `SecretClient`, or several: layered in order, a later vault's secret wins.
 * @param options - Selection, shape, validation, concurrency and refresh; every default is in docs/config.md.
 * @throws SecretsConfigError listing every problem (names and reasons, never values).
 * @throws TypeError or RangeError naming a bad argument.
 *
 * @example
 * ```ts
 * const config = await loadSecretsConfig(client, { prefix: "myapp-", required: ["Database.Password"] });
 * const password = config.get("Database.Password");
 * ```
 */
export function loadSecretsConfig<Schema extends StandardSchemaV1>(
  source: SecretClient | readonly SecretClient[],
  options: SecretsConfigOptions<Schema> & { schema: Schema },
): Promise<SecretsConfig<StandardSchemaOutput<Schema>>>;
export function loadSecretsConfig(
  source: SecretClient | readonly SecretClient[],
  options?: SecretsConfigOptions,
): Promise<SecretsConfig<SecretsConfigTree>>;
export async function loadSecretsConfig(
  source: SecretClient | readonly SecretClient[],
  options: SecretsConfigOptions<StandardSchemaV1 | undefined> = {},
): Promise<SecretsConfig<unknown>> {
  const clients = Array.isArray(source) ? source : [source];
  // Duck-typed, as SecretCache does: an ESM and a CJS copy of the package are both welcome.
  const isClient = (client: unknown): boolean =>
    typeof (client as SecretClient)?.getSecret === "function" &&
    typeof (client as SecretClient).listPropertiesOfSecrets === "function" &&
    typeof (client as SecretClient).vaultUrl === "string";
  if (clients.length === 0 || !clients.every(isClient)) {
    throw new TypeError("loadSecretsConfig needs a SecretClient or a non-empty array of them");
  }
  const settings = resolveSettings(options);
  const gates = clients.map(() => new RequestGate(settings.concurrency, settings.pacing, settings.clock));
  const config = new SecretsConfigHandle(
    clients.map((client, index) => new Layer(client as SecretClient, settings, gates[index]!)),
    settings,
    gates,
  );
  const onAbort = (): void => config.dispose();
  options.abortSignal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (options.abortSignal?.aborted) throw abortError();
    await config.load();
    return config;
  } catch (error) {
    config.dispose();
    throw error;
  } finally {
    options.abortSignal?.removeEventListener("abort", onAbort);
  }
}
