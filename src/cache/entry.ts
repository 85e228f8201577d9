// One cache entry per (name, version): what it holds, until when, and what its last load did. The
// SecretCache moves entries between these states; this file only says what the fields mean.
import type { KeyVaultSecret } from "../model/models.js";
import { fromBase64Url } from "../wire/base64url.js";
import type { SecretTransform } from "./options.js";

/** The answer of one backend load, shared by every caller that waited on it. @internal */
export type LoadOutcome =
  | { ok: true; secret: KeyVaultSecret }
  /** `stale`: a value callers may still be given (stale-if-error). */
  | { ok: false; error: Error; stale: KeyVaultSecret | undefined };

/** @internal */
export interface CacheEntry {
  readonly key: string;
  /** The name as first asked for (Key Vault names are case-insensitive; keys are lower-cased). */
  readonly name: string;
  /** The pinned version, or `undefined` for "latest". */
  readonly version: string | undefined;
  /** Bumped whenever the entry is invalidated: a load started under an older generation is not stored. */
  generation: number;
  /** The value, frozen; `undefined` until the first successful load or after it was dropped. */
  secret: KeyVaultSecret | undefined;
  /** Until when (clock ms) hits are answered without the network. */
  freshUntil: number;
  /** From when a hit starts a background refresh. */
  refreshAt: number;
  /**
   * Until when the value may be served past `freshUntil`: at once, while a background refresh is in flight
   * (stale-while-revalidate) or while loads fail transiently (stale-if-error).
   */
  staleUntil: number;
  /**
   * An event announced a newer version: the value is known to be old, so callers wait for the reload in
   * flight rather than being served it. Cleared when that reload ends: if it failed transiently, the value
   * is served as any stale one.
   */
  superseded: boolean;
  /** Until when a 404 is remembered (`notFoundError` is thrown meanwhile). */
  notFoundUntil: number;
  notFoundError: Error | undefined;
  /** The load in flight, joined by every caller that needs it. */
  flight: Promise<LoadOutcome> | undefined;
  /** Identifies the load in `flight` (a superseded load must not clear a newer one's flight). */
  loadId: number;
  /** Consecutive transient failures. */
  failures: number;
  lastError: Error | undefined;
  /** When the next attempt is due after a transient failure. */
  nextAttemptAt: number;
  retryTimer: unknown;
}

/** A new, empty entry. @internal */
export function createEntry(key: string, name: string, version: string | undefined): CacheEntry {
  return {
    key,
    name,
    version,
    generation: 0,
    secret: undefined,
    freshUntil: -Infinity,
    refreshAt: Infinity,
    staleUntil: -Infinity,
    superseded: false,
    notFoundUntil: -Infinity,
    notFoundError: undefined,
    flight: undefined,
    loadId: 0,
    failures: 0,
    lastError: undefined,
    nextAttemptAt: -Infinity,
    retryTimer: undefined,
  };
}

/** The key of (name, version): names are case-insensitive, versions are lower-case hex. @internal */
export function entryKey(name: string, version: string | undefined): string {
  const lower = name.toLowerCase();
  return version ? `${lower}/${version.toLowerCase()}` : lower;
}

/** The lifetimes of a freshly loaded value. @internal */
export interface Lifetimes {
  ttlMs: number;
  refreshAheadRatio: number;
  jitterRatio: number;
  maxStaleMs: number;
}

/**
 * Sets the entry's windows after a successful load at `now`: pinned versions never go stale by time, "latest"
 * lives a jittered TTL; neither outlives the secret's `expiresOn`. @internal
 */
export function setLifetimes(
  entry: CacheEntry,
  now: number,
  lifetimes: Lifetimes,
  random: () => number,
): void {
  if (entry.version) {
    entry.freshUntil = entry.refreshAt = entry.staleUntil = Infinity;
  } else {
    const ttl = lifetimes.ttlMs * (1 - lifetimes.jitterRatio * random());
    entry.freshUntil = now + ttl;
    entry.refreshAt = lifetimes.refreshAheadRatio >= 1 ? Infinity : now + ttl * lifetimes.refreshAheadRatio;
    entry.staleUntil = entry.freshUntil + lifetimes.maxStaleMs;
  }
  const expiresOn = entry.secret?.properties.expiresOn?.getTime();
  if (expiresOn !== undefined && !Number.isNaN(expiresOn)) {
    entry.freshUntil = Math.min(entry.freshUntil, expiresOn);
    entry.staleUntil = Math.min(entry.staleUntil, expiresOn);
    entry.refreshAt = Math.min(entry.refreshAt, entry.freshUntil);
  }
}

/** Freezes the model shared by every caller, so one caller cannot change what the others read. @internal */
export function freezeSecret(secret: KeyVaultSecret): KeyVaultSecret {
  if (secret.properties.tags) Object.freeze(secret.properties.tags);
  Object.freeze(secret.properties);
  return Object.freeze(secret);
}

interface Parsed {
  json?: { value: unknown };
  binary?: Uint8Array;
}
// Keyed by the cached model: a transform runs once per loaded value and goes when the value goes.
const parsedValues = new WeakMap<KeyVaultSecret, Parsed>();

/**
 * The value of `secret` as `transform` asks: the string, its JSON (parsed once, deeply frozen) or its
 * base64-decoded bytes (decoded once, copied per call).
 * @throws SyntaxError / RangeError naming the secret, never quoting its value.
 * @internal
 */
export function transformValue(secret: KeyVaultSecret, transform: SecretTransform | undefined): unknown {
  const value = secret.value ?? "";
  if (transform === undefined) return value;
  let parsed = parsedValues.get(secret);
  if (!parsed) parsedValues.set(secret, (parsed = {}));
  if (transform === "json") {
    if (!parsed.json) {
      try {
        parsed.json = { value: deepFreeze(JSON.parse(value)) };
      } catch {
        // JSON.parse's message quotes the text: it must not reach the caller.
        throw new SyntaxError(`The value of secret "${secret.name}" is not valid JSON`);
      }
    }
    return parsed.json.value;
  }
  if (transform === "binary") {
    if (!parsed.binary) {
      try {
        parsed.binary = fromBase64Url(value);
      } catch {
        throw new RangeError(`The value of secret "${secret.name}" is not valid base64`);
      }
    }
    return parsed.binary.slice();
  }
  throw new TypeError(`options.transform must be "json" or "binary" (got ${JSON.stringify(transform)})`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
