import type { KeyVaultSecret } from "../model/models.js";
import type { SecretClient } from "../client/secretClient.js";
import { validateSecretName, validateVersion } from "../model/validation.js";
import { CacheEngine } from "./engine.js";
import { transformValue } from "./entry.js";
import { addressesVault, parseEvents } from "../model/eventGrid.js";
import type {
  SecretCacheEventResult,
  SecretCacheEvents,
  SecretCacheGetOptions,
  SecretCacheOptions,
  SecretCachePreloadResult,
  SecretCacheStats,
  SecretCacheValueOptions,
} from "./options.js";
import { resolveSettings } from "./settings.js";
import { onSecretWrite } from "../shared/writeNotifier.js";

/**
 * An in-memory cache of one vault's secrets in front of a {@link SecretClient}: single-flight loads,
 * refresh-ahead, stale-while-revalidate, stale-if-error, LRU, a cap on requests in flight, and invalidation on writes through the
 * same client and on Key Vault's Event Grid events. Works in Node and browsers.
 *
 * @example
 * ```ts
 * const cache = new SecretCache(client);
 * const password = await cache.get("db-password");
 * const config = await cache.get("app-config", { transform: "json" });
 * ```
 */
export class SecretCache {
  readonly #client: SecretClient;
  readonly #vaultUrl: URL;
  readonly #engine: CacheEngine;
  readonly #unsubscribe: () => void;

  /**
   * @param client - The client the cache reads through; writes through it invalidate this cache.
   * @param options - TTL, refresh-ahead, stale-if-error, size and concurrency settings.
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(client: SecretClient, options: SecretCacheOptions = {}) {
    if (typeof client?.getSecret !== "function" || typeof client.vaultUrl !== "string") {
      throw new TypeError("SecretCache needs a SecretClient");
    }
    this.#client = client;
    this.#vaultUrl = new URL(client.vaultUrl);
    const engine = (this.#engine = new CacheEngine(client, resolveSettings(options)));
    this.#unsubscribe = onSecretWrite(client, (name, allVersions) =>
      engine.invalidate(name, allVersions ? "all" : "latest", "written"),
    );
    // Not enumerable and not a value: util.inspect and JSON.stringify see counters only.
    Object.defineProperty(this, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => `SecretCache { vaultUrl: '${client.vaultUrl}', size: ${engine.entries.size} }`,
    });
  }

  /**
   * The value of a secret: from memory once loaded (fresh, or up to `maxStaleMs` past its TTL while a
   * background refresh runs: such a get never waits on the network), else loaded once for all concurrent
   * callers. With `transform`, the parsed JSON or decoded bytes.
   * @param name - The secret's name.
   * @param options - `version`, `transform`, `forceRefresh`, `abortSignal`.
   * @throws RestError from the vault (404 remembered for `negativeTtlMs`; 401/403 drop the entry), also when
   *   a background refresh met it (the next get surfaces it); transient failures (429, 5xx, network) are not
   *   thrown while the value is within `maxStaleMs`.
   */
  get(name: string, options?: SecretCacheGetOptions & { transform?: undefined }): Promise<string>;
  get(name: string, options: SecretCacheGetOptions & { transform: "json" }): Promise<unknown>;
  get(name: string, options: SecretCacheGetOptions & { transform: "binary" }): Promise<Uint8Array>;
  get(name: string, options?: SecretCacheValueOptions): Promise<unknown>;
  async get(name: string, options: SecretCacheValueOptions = {}): Promise<unknown> {
    const found = this.#engine.read(name, options, "miss");
    return transformValue(found instanceof Promise ? await found : found, options.transform);
  }

  /**
   * The whole secret (value and properties), under the same rules as `SecretCache.get`. The model is
   * frozen: it is shared by every caller.
   */
  async getSecret(name: string, options: SecretCacheGetOptions = {}): Promise<KeyVaultSecret> {
    return this.#engine.read(name, options, "miss");
  }

  /** The values of several secrets, in the order of `names`; rejects with the first failure. */
  async getMany(
    names: readonly string[],
    options: Omit<SecretCacheValueOptions, "version"> = {},
  ): Promise<unknown[]> {
    if (!Array.isArray(names)) throw new TypeError("names must be an array of secret names");
    for (const name of names) validateSecretName(name, "names[]");
    return Promise.all(names.map((name) => this.get(name, options)));
  }

  /**
   * Loads names ahead of use (e.g. at start-up), at most `maxConcurrency` requests at a time. Never rejects
   * for a secret: failures are listed in the result. A name the vault still throttled after the client's
   * retries is listed with its 429; every load then waits as long as the vault asked, and preloading the
   * failed names again after that loads them.
   */
  async preload(names: readonly string[]): Promise<SecretCachePreloadResult> {
    if (!Array.isArray(names)) throw new TypeError("names must be an array of secret names");
    for (const name of names) validateSecretName(name, "names[]");
    const result: SecretCachePreloadResult = { loaded: [], failed: [] };
    await Promise.all(
      names.map(async (name) => {
        try {
          await this.#engine.read(name, {}, "preload");
          result.loaded.push(name);
        } catch (error) {
          result.failed.push({ name, error: error as Error });
        }
      }),
    );
    return result;
  }

  /**
   * Reloads a secret now, joining a load already in flight (no sleep, no second request). Resolves once the
   * new value is cached; rejects like `SecretCache.get` when it cannot be.
   */
  async refresh(
    name: string,
    options: Pick<SecretCacheGetOptions, "version" | "abortSignal"> = {},
  ): Promise<void> {
    await this.#engine.read(name, { ...options, forceRefresh: true }, "forced");
  }

  /**
   * Forgets a secret: its "latest" entry and every pinned version (or only `version`). A load in flight for it
   * is not stored, so an old value cannot come back.
   */
  invalidate(name: string, version?: string): void {
    validateSecretName(name, "name");
    validateVersion(version, "version");
    this.#engine.invalidate(name, version ?? "all", "invalidated");
  }

  /** Forgets every entry. */
  clear(): void {
    this.#engine.clear();
  }

  /** Counters since the cache was created, and its current size. Never contains a value. */
  stats(): SecretCacheStats {
    return this.#engine.stats();
  }

  /** Adds a listener for one of the events `refresh`, `stale`, `error`, `evict`, `rotate`. */
  on<E extends keyof SecretCacheEvents>(event: E, listener: (payload: SecretCacheEvents[E]) => void): void {
    this.#engine.events.on(event, listener);
  }

  /** Removes a listener added with {@link SecretCache.on}. */
  off<E extends keyof SecretCacheEvents>(event: E, listener: (payload: SecretCacheEvents[E]) => void): void {
    this.#engine.events.off(event, listener);
  }

  /**
   * Applies Key Vault Event Grid events (Event Grid schema or CloudEvents 1.0; one event, an array, or the JSON
   * text of either): `SecretNewVersionCreated` reloads the secret's "latest" entry (callers wait for the new
   * value), `SecretNearExpiry` refreshes it in the background, `SecretExpired` drops the expired version.
   * Events of other vaults and object types are ignored. A subscription-validation event yields the
   * `validationResponse` the webhook must answer with. Resolves once the reloads are done.
   * @throws TypeError naming what is malformed.
   */
  async handleEvent(event: unknown): Promise<SecretCacheEventResult> {
    this.#engine.assertOpen();
    const result: SecretCacheEventResult = { validationResponse: undefined, matched: 0, ignored: 0 };
    const loads: Promise<unknown>[] = [];
    for (const parsed of parseEvents(event)) {
      if (parsed.type === "validation") {
        result.validationResponse = parsed.code;
        continue;
      }
      if (parsed.type === "ignored" || !addressesVault(parsed, this.#vaultUrl)) {
        result.ignored++;
        continue;
      }
      result.matched++;
      const load = this.#engine.applyEvent(parsed);
      if (load) loads.push(load);
    }
    await Promise.all(loads);
    return result;
  }

  /** Stops everything: aborts requests in flight, cancels timers, drops entries and listeners. Idempotent. */
  dispose(): void {
    if (this.#engine.dispose()) this.#unsubscribe();
  }

  /** Counters only (never values). */
  toJSON(): { vaultUrl: string; stats: SecretCacheStats } {
    return { vaultUrl: this.#client.vaultUrl, stats: this.stats() };
  }
}
