// The public shapes of loadSecretsConfig: its options, the values tree and the event payloads.
import type { SecretProperties } from "../model/models.js";
import type { OperationOptions } from "../model/options.js";
import type { StandardSchemaV1 } from "./standardSchema.js";

/**
 * The config's source of time and timers (the same shape as `CacheClock`). Inject one to drive refresh
 * intervals and pacing in a test without sleeping.
 */
export interface SecretsConfigClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link SecretsConfigClock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by {@link SecretsConfigClock.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/** A loaded value: the secret's string, or its parsed JSON with `parseJson`. */
export type SecretsConfigLeaf = unknown;

/** The shaped values: one key per name segment (`Database--Password` → `{ Database: { Password } }`). */
export interface SecretsConfigTree {
  readonly [key: string]: SecretsConfigLeaf | SecretsConfigTree;
}

/** Periodic refresh of {@link SecretsConfig}. */
export interface SecretsConfigRefreshOptions {
  /**
   * How often to refresh, in milliseconds. Each wait is a random point in the last `jitterRatio` of it, so a
   * fleet of replicas started together does not re-list the vault in lockstep.
   * @default 300000 (5 minutes, like `SecretCache`'s TTL)
   */
  intervalMs?: number;
  /**
   * The share of `intervalMs` randomised away from each wait (0 = exactly `intervalMs`; jitter is on unless
   * set to 0).
   * @default 0.2
   */
  jitterRatio?: number;
}

/** Pacing of one loader's requests: at most `requests` within any rolling `windowMs`. */
export interface SecretsConfigPacing {
  /**
   * Requests (list pages and gets) allowed within the window.
   * @default 2000 (half of Key Vault's 4,000 secret transactions per vault per 10 s, docs/service-behaviour.md#throttling)
   */
  requests?: number;
  /**
   * The rolling window, in milliseconds.
   * @default 10000 (the service's window)
   */
  windowMs?: number;
}

/** Options of `loadSecretsConfig`. */
export interface SecretsConfigOptions<Schema extends StandardSchemaV1 | undefined = undefined> {
  /**
   * Only secrets whose name starts with this prefix, matched case-insensitively (Key Vault names are), and
   * with the prefix stripped from the keys: `myapp-` turns `MyApp-Database--Password` into `Database.Password`.
   * @default undefined (every secret)
   */
  prefix?: string;
  /**
   * Fetch exactly these secret names and do not list the vault: needs only the `get` permission, and costs one
   * request per name. A name the vault does not hold (or holds disabled) is absent from `values`.
   * @default undefined (list the vault)
   */
  names?: readonly string[];
  /**
   * Keep only the secrets for which this returns true (called with each secret's properties, never a value).
   * @default undefined (keep all)
   */
  filter?: (properties: SecretProperties) => boolean;
  /**
   * Keep only the secrets carrying every one of these tags with exactly these values.
   * @default undefined (no tag condition)
   */
  tags?: Readonly<Record<string, string>>;
  /**
   * Load secrets that are expired (`expiresOn` past) or not yet valid (`notBefore` ahead), which are skipped
   * otherwise. Disabled secrets are always skipped.
   * @default false
   */
  includeExpired?: boolean;
  /**
   * The separator in a secret name that opens a section: `Database--Password` becomes
   * `{ Database: { Password } }`. An empty string turns nesting off.
   * @default "--" (as AddAzureKeyVault)
   */
  keyDelimiter?: string;
  /**
   * Parse the values of secrets whose `contentType` is `application/json` (the JSON is frozen too).
   * @default false
   */
  parseJson?: boolean;
  /**
   * Keys that must be present, as dot paths of `values` (`"Database.Password"`). A missing one is a problem
   * reported in the {@link SecretsConfigError}.
   * @default []
   */
  required?: readonly string[];
  /**
   * A Standard Schema (Zod, Valibot, ArkType, …) the shaped values must pass; `values` is then its output.
   * @default undefined (no validation)
   */
  schema?: Schema;
  /**
   * The most gets in flight at once, per vault.
   * @default 32 (measured: docs/config.md#concurrency)
   */
  concurrency?: number;
  /**
   * Pacing, so that a load never makes the vault throttle on its own.
   * @default \{ requests: 2000, windowMs: 10000 \}
   */
  pacing?: SecretsConfigPacing;
  /**
   * Refresh periodically; without it, the config changes only through `refresh()` and `handleEvent()`.
   * @default undefined (no timer)
   */
  refresh?: SecretsConfigRefreshOptions;
  /**
   * Cancels the first load.
   * @default undefined
   */
  abortSignal?: OperationOptions["abortSignal"];
  /**
   * Time and timers (tests inject a simulated clock).
   * @default the system clock, timers `unref()`ed
   */
  clock?: SecretsConfigClock;
  /**
   * Source of randomness for the refresh jitter, returning a number in [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/** Payload of the `change` event: the secret names (never values) a refresh or an event changed. */
export interface SecretsConfigChangeEvent {
  /** Names added or given a different value. */
  changed: string[];
  /** Names no longer in the config (deleted, disabled, expired, or no longer selected). */
  removed: string[];
}

/** Payload of the `error` event: a refresh failed and the last good snapshot stays. */
export interface SecretsConfigErrorEvent {
  /** The failure: a {@link SecretsConfigError}, or the error of a listing or a request. */
  error: Error;
}

/** The events of {@link SecretsConfig}. */
export interface SecretsConfigEvents {
  change: SecretsConfigChangeEvent;
  error: SecretsConfigErrorEvent;
}

/** What {@link SecretsConfig.handleEvent} did with a delivery. */
export interface SecretsConfigEventResult {
  /** The code to answer an Event Grid subscription-validation event with, if the delivery held one. */
  validationResponse: string | undefined;
  /** Secret events about a vault and a name of this config, each refreshed. */
  matched: number;
  /** Events of other vaults, other names or other kinds. */
  ignored: number;
}

/** Options of {@link SecretsConfig.applyToEnv}. */
export interface ApplyToEnvOptions {
  /**
   * Replace variables that are already set.
   * @default false
   */
  override?: boolean;
}
