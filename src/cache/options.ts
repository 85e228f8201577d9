// The public shapes of SecretCache: its options, per-call options, stats and event payloads.
import type { OperationOptions } from "../model/options.js";

/**
 * The cache's source of time and timers. Inject one to drive a simulated hour in a test without sleeping;
 * the default reads `Date.now()` and uses `setTimeout` with `unref()` (so the cache never keeps Node alive).
 */
export interface CacheClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link CacheClock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by {@link CacheClock.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/** Options of {@link SecretCache}. Every default is explained in the README's cache section. */
export interface SecretCacheOptions {
  /**
   * How long a "latest" value is served without asking the vault, in milliseconds. Each load picks its
   * lifetime at a random point in the last `jitterRatio` of it, so a fleet of instances does not refresh in
   * lockstep. Never longer than the secret's `expiresOn`. Pinned versions (immutable) have no TTL.
   * @default 300000 (5 minutes, as the AWS Lambda extension, the Secrets Manager Agent and Arcus)
   */
  ttlMs?: number;
  /**
   * The share of the TTL after which a hit starts a background refresh (refresh-ahead), so a value in use is
   * usually renewed before its TTL is over. `1` turns refresh-ahead off: the first get past the TTL then gets
   * the held value and starts the refresh (see `maxStaleMs`).
   * @default 0.8
   */
  refreshAheadRatio?: number;
  /**
   * The share of `ttlMs` randomised away from each entry's lifetime (0 = every entry lives exactly `ttlMs`).
   * @default 0.2
   */
  jitterRatio?: number;
  /**
   * How long past its TTL a "latest" value may still be served, in milliseconds. Within it a get never waits
   * on the network: it gets the held value at once and a background refresh starts (stale-while-revalidate,
   * one at a time per entry); while the vault answers 429, 5xx, times out or cannot be reached, the value
   * keeps being served (stale-if-error) and the next attempt waits for the vault's `Retry-After` or the
   * back-off. Past it the value is dropped, and callers wait for a load and get its error. Never past the
   * secret's `expiresOn`. Authoritative answers (404, 403, 401) are never masked: one met by a background
   * refresh drops the value (a 404 is then remembered), and the next get surfaces it. `0` makes every get past
   * the TTL wait for the vault.
   * @default 3600000 (1 hour)
   */
  maxStaleMs?: number;
  /**
   * How long a 404 is remembered (one request per name per window), in milliseconds. `0` turns it off.
   * @default 30000
   */
  negativeTtlMs?: number;
  /**
   * The most entries kept; the least recently used is evicted beyond it.
   * @default 1000 (as the AWS caching libraries and the Secrets Manager Agent)
   */
  maxEntries?: number;
  /**
   * The most backend requests in flight at once, across all names. Key Vault allows 4,000 secret reads per
   * 10 s per vault; 8 requests in flight stay within that at the service's usual latency, even during a
   * cold preload.
   * @default 8
   */
  maxConcurrency?: number;
  /**
   * The first delay before the cache's next attempt after a failed background refresh (whose request the
   * client's retry policy has already retried), in milliseconds; doubled per failure, with jitter (a random
   * point in the upper half), and replaced by the service's `Retry-After` when it sends one.
   * @default 1000
   */
  retryDelayMs?: number;
  /**
   * The longest delay between background retries, in milliseconds.
   * @default 64000
   */
  maxRetryDelayMs?: number;
  /**
   * Time and timers (tests inject a simulated clock).
   * @default the system clock, timers `unref()`ed
   */
  clock?: CacheClock;
  /**
   * Source of randomness for TTL and retry jitter, returning a number in [0, 1) (tests inject a seeded one).
   * @default Math.random
   */
  random?: () => number;
}

/** How `SecretCache.get` hands over a value. */
export type SecretTransform = "json" | "binary";

/** Per-call options of `SecretCache.get` and {@link SecretCache.getSecret}. */
export interface SecretCacheGetOptions {
  /**
   * A pinned version. Versions are immutable, so they are cached without TTL (LRU only).
   * @default undefined (the latest version)
   */
  version?: string;
  /**
   * `forceRefresh: true` asks the vault even when a fresh value is cached (joining a request already in flight).
   * @default false
   */
  forceRefresh?: boolean;
  /**
   * Stops this caller's wait. The shared backend request goes on for the other callers and its answer is cached.
   * @default undefined
   */
  abortSignal?: OperationOptions["abortSignal"];
}

/** Per-call options of `SecretCache.get`. */
export interface SecretCacheValueOptions extends SecretCacheGetOptions {
  /**
   * `"json"` parses the value once and hands out the same (deeply frozen) object on every hit; `"binary"`
   * decodes base64 once and hands out a copy of the bytes. Without it the value is the string itself.
   * @default undefined
   */
  transform?: SecretTransform;
}

/** Counters of {@link SecretCache.stats}. Never contains a value. */
export interface SecretCacheStats {
  /** Answers from memory (including remembered 404s). */
  hits: number;
  /** Calls that found nothing usable and waited on the vault. */
  misses: number;
  /**
   * Answers served past their TTL: while a background refresh is in flight (stale-while-revalidate) or
   * because the vault failed transiently (stale-if-error).
   */
  staleHits: number;
  /** Loads of an entry that already held a value (refresh-ahead, retries, forced, events). */
  refreshes: number;
  /** Backend requests that failed (any status, or no response). */
  errors: number;
  /** Calls that joined a request already in flight instead of making their own. */
  coalesced: number;
  /** Backend requests made. */
  requests: number;
  /** Backend requests in flight now. */
  inFlight: number;
  /** The number of entries (values, remembered 404s and loads in progress). */
  size: number;
}

/** Why an entry left the cache. */
export type SecretCacheEvictReason =
  | "lru"
  | "invalidated"
  | "written"
  | "event"
  | "notFound"
  | "forbidden"
  | "unauthorized"
  | "rejected"
  | "staleLimit";

/** Why an entry was loaded. */
export type SecretCacheRefreshReason =
  "miss" | "expired" | "refreshAhead" | "forced" | "retry" | "event" | "preload";

/** Payload of the `refresh` event: a value was loaded. */
export interface SecretCacheRefreshEvent {
  name: string;
  /** The pinned version asked for, if any. */
  version: string | undefined;
  /** The version the vault answered with. */
  loadedVersion: string | undefined;
  reason: SecretCacheRefreshReason;
}

/**
 * Payload of the `stale` event: a value was served past its TTL because the vault failed transiently. A value
 * served past its TTL while its refresh is in flight and nothing has failed counts in `staleHits` only.
 */
export interface SecretCacheStaleEvent {
  name: string;
  version: string | undefined;
  /** The HTTP status of the failure (`undefined` for a network failure or timeout). */
  statusCode: number | undefined;
  /** How long past its TTL the value is, in milliseconds. */
  staleForMs: number;
}

/** Payload of the `error` event: a backend request failed. */
export interface SecretCacheErrorEvent {
  name: string;
  version: string | undefined;
  /** The error (a `RestError` for service answers); never contains a value. */
  error: Error;
  /** Whether a cached value keeps being served (stale-if-error) while retries go on. */
  servingStale: boolean;
}

/** Payload of the `evict` event. */
export interface SecretCacheEvictEvent {
  name: string;
  version: string | undefined;
  reason: SecretCacheEvictReason;
}

/** Payload of the `rotate` event: a "latest" entry now holds another version. */
export interface SecretCacheRotateEvent {
  name: string;
  previousVersion: string | undefined;
  version: string | undefined;
}

/** The events of {@link SecretCache.on} and their payloads. */
export interface SecretCacheEvents {
  refresh: SecretCacheRefreshEvent;
  stale: SecretCacheStaleEvent;
  error: SecretCacheErrorEvent;
  evict: SecretCacheEvictEvent;
  rotate: SecretCacheRotateEvent;
}

/** What {@link SecretCache.preload} did. */
export interface SecretCachePreloadResult {
  /** Names now cached. */
  loaded: string[];
  /** Names that failed, with why (a 404 is remembered as usual). */
  failed: { name: string; error: Error }[];
}

/** What {@link SecretCache.handleEvent} did. */
export interface SecretCacheEventResult {
  /**
   * For an Event Grid subscription-validation event: the code to return as `{ "validationResponse": code }`
   * with status 200, which completes the webhook handshake.
   */
  validationResponse: string | undefined;
  /** How many Key Vault secret events addressed this cache's vault. */
  matched: number;
  /** How many were ignored (other vaults, other object types, other event types). */
  ignored: number;
}
