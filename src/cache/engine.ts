// The cache's moving parts behind the SecretCache facade: entries in an LRU, loads through the concurrency
// limiter, the entry state machine (fresh → refresh-ahead → stale while revalidating or failing → dropped)
// and its events.
import type { KeyVaultSecret } from "../model/models.js";
import type { SecretClient } from "../client/secretClient.js";
import { validateSecretName, validateVersion } from "../model/validation.js";
import { TypedEmitter } from "./emitter.js";
import {
  createEntry,
  entryKey,
  freezeSecret,
  setLifetimes,
  type CacheEntry,
  type LoadOutcome,
} from "./entry.js";
import type { ParsedEvent } from "../model/eventGrid.js";
import { classifyFailure, retryAfterMs, statusOf } from "./failures.js";
import { ConcurrencyLimiter } from "../shared/limiter.js";
import { LruMap } from "./lru.js";
import type {
  SecretCacheEvents,
  SecretCacheEvictReason,
  SecretCacheGetOptions,
  SecretCacheRefreshReason,
  SecretCacheStats,
} from "./options.js";
import type { CacheSettings } from "./settings.js";
import { abortError, raceAbort } from "../shared/abort.js";
import { backoffInMs } from "../shared/retryDelay.js";

type Counters = Omit<SecretCacheStats, "inFlight" | "size">;
type SecretEvent = Extract<ParsedEvent, { type: "secret" }>;

/** @internal */
export class CacheEngine {
  readonly entries: LruMap<string, CacheEntry>;
  readonly limiter: ConcurrencyLimiter;
  readonly events = new TypedEmitter<SecretCacheEvents>();
  readonly counters: Counters = {
    hits: 0,
    misses: 0,
    staleHits: 0,
    refreshes: 0,
    errors: 0,
    coalesced: 0,
    requests: 0,
  };
  private readonly shutdown = new AbortController();

  constructor(
    private readonly client: SecretClient,
    private readonly settings: CacheSettings,
  ) {
    this.entries = new LruMap(settings.maxEntries);
    this.limiter = new ConcurrencyLimiter(settings.maxConcurrency, settings.clock);
  }

  stats(): SecretCacheStats {
    return { ...this.counters, inFlight: this.limiter.active, size: this.entries.size };
  }

  /** Forgets every entry, without evict events. */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry, undefined);
  }

  /** Aborts requests in flight, cancels timers, drops entries and listeners; `false` if already done. */
  dispose(): boolean {
    if (this.shutdown.signal.aborted) return false;
    this.shutdown.abort();
    this.limiter.close();
    this.clear();
    this.events.clear();
    return true;
  }
  /** The cached model, or a promise of it when the caller has to wait. */
  read(
    name: string,
    options: SecretCacheGetOptions,
    reason: SecretCacheRefreshReason,
  ): KeyVaultSecret | Promise<KeyVaultSecret> {
    this.assertOpen();
    validateSecretName(name, "name");
    validateVersion(options.version, "options.version");
    const key = entryKey(name, options.version);
    const entry = this.entries.get(key);
    const now = this.settings.clock.now();
    if (entry && !options.forceRefresh) {
      if (entry.secret && now < entry.freshUntil) {
        this.counters.hits++;
        if (now >= entry.refreshAt && !entry.flight && entry.retryTimer === undefined) {
          void this.load(entry, "refreshAhead");
        }
        return entry.secret;
      }
      // Past the TTL and within maxStaleMs: answered from memory at once, refreshed in the background.
      if (entry.secret && now < entry.staleUntil && !(entry.superseded && entry.flight))
        return this.serveStale(entry, entry.secret, now);
      if (now < entry.notFoundUntil) {
        this.counters.hits++;
        throw entry.notFoundError;
      }
    }
    return this.wait(entry ?? this.add(key, name, options.version), options, reason, now);
  }

  /**
   * The slow path, for callers with nothing they may be given yet (a cold miss, a value past `maxStaleMs`,
   * `forceRefresh`): wait on a load, joining the one in flight.
   */
  async wait(
    entry: CacheEntry,
    options: SecretCacheGetOptions,
    reason: SecretCacheRefreshReason,
    now: number,
  ): Promise<KeyVaultSecret> {
    if (entry.secret && now >= entry.staleUntil) this.dropValue(entry, "staleLimit");
    if (!options.forceRefresh && !entry.flight && entry.lastError && now < entry.nextAttemptAt) {
      // Failing and not due for another attempt: answer with the last error instead of hammering the vault.
      this.counters.misses++;
      throw entry.lastError;
    }
    if (!options.forceRefresh) this.counters.misses++;
    let flight = entry.flight;
    if (flight) this.counters.coalesced++;
    else flight = this.load(entry, reason);
    const outcome = await raceAbort(flight, options.abortSignal);
    if (outcome.ok) return outcome.secret;
    if (outcome.stale) return this.serveStale(entry, outcome.stale, this.settings.clock.now());
    throw outcome.error;
  }

  /**
   * Answers with a value past its TTL (stale-while-revalidate, and stale-if-error while loads fail) and makes
   * sure a refresh is under way: the one in flight, the retry already scheduled, or a new load, started now
   * or when the vault's Retry-After or the back-off after the last failure is over. The caller never waits
   * for it; what the refresh brings (a new value, a 404, a 403) is what the next get sees.
   */
  serveStale(entry: CacheEntry, secret: KeyVaultSecret, now: number): KeyVaultSecret {
    this.counters.staleHits++;
    if (!entry.flight && entry.retryTimer === undefined && this.entries.peek(entry.key) === entry) {
      if (now >= entry.nextAttemptAt) void this.load(entry, entry.lastError ? "retry" : "expired");
      else this.scheduleRetry(entry, entry.nextAttemptAt - now);
    }
    if (entry.lastError && this.events.has("stale")) {
      const staleForMs = Math.max(0, now - entry.freshUntil);
      this.events.emit("stale", { ...this.ids(entry), statusCode: statusOf(entry.lastError), staleForMs });
    }
    return secret;
  }

  add(key: string, name: string, version: string | undefined): CacheEntry {
    const entry = createEntry(key, name, version);
    for (const evicted of this.entries.set(key, entry)) this.remove(evicted, "lru", false);
    return entry;
  }

  /** Starts a backend load of `entry` (through the concurrency limiter); never rejects. */
  load(entry: CacheEntry, reason: SecretCacheRefreshReason): Promise<LoadOutcome> {
    const generation = entry.generation;
    const loadId = ++entry.loadId;
    if (entry.secret) this.counters.refreshes++;
    this.cancelRetry(entry);
    const request = this.fetch(entry);
    const flight = request.then(
      (secret) => this.loaded(entry, generation, loadId, freezeSecret(secret), reason),
      (error: Error) => this.failed(entry, generation, loadId, error),
    );
    entry.flight = flight;
    return flight;
  }

  /**
   * One backend read through the limiter. It is tried once here: the client's retry policy already retries
   * a 429 (honouring Retry-After) and other transient failures, and a second loop around it would multiply
   * the requests a throttling vault receives. What the cache adds is in `failed`: when its next attempt is
   * due (the vault's Retry-After or the back-off), which starts a new load then, never a loop around this one.
   */
  fetch(entry: CacheEntry): Promise<KeyVaultSecret> {
    const signal = this.shutdown.signal;
    return this.limiter.run(() => {
      if (signal.aborted) throw abortError("The SecretCache was disposed.");
      this.counters.requests++;
      return this.client.getSecret(entry.name, { version: entry.version, abortSignal: signal });
    });
  }

  /** Whether a load's answer may be stored: nothing invalidated the entry since it started. */
  current(entry: CacheEntry, generation: number, loadId: number): boolean {
    if (entry.loadId === loadId) entry.flight = undefined;
    return (
      entry.generation === generation &&
      this.entries.peek(entry.key) === entry &&
      !this.shutdown.signal.aborted
    );
  }

  loaded(
    entry: CacheEntry,
    generation: number,
    loadId: number,
    secret: KeyVaultSecret,
    reason: SecretCacheRefreshReason,
  ): LoadOutcome {
    if (!this.current(entry, generation, loadId)) return { ok: true, secret };
    const previousVersion = entry.secret?.properties.version;
    entry.secret = secret;
    entry.superseded = false;
    entry.failures = 0;
    entry.lastError = entry.notFoundError = undefined;
    entry.notFoundUntil = entry.nextAttemptAt = -Infinity;
    setLifetimes(entry, this.settings.clock.now(), this.settings, this.settings.random);
    const loadedVersion = secret.properties.version;
    this.events.emit("refresh", { ...this.ids(entry), loadedVersion, reason });
    if (!entry.version && previousVersion !== undefined && previousVersion !== loadedVersion) {
      this.events.emit("rotate", { name: entry.name, previousVersion, version: loadedVersion });
    }
    return { ok: true, secret };
  }

  failed(entry: CacheEntry, generation: number, loadId: number, error: Error): LoadOutcome {
    this.counters.errors++;
    // Callers waited for the reload an event asked for; once it failed, the held value is served like any
    // other stale one, without waiting on the retries.
    if (entry.generation === generation) entry.superseded = false;
    const kind = classifyFailure(error);
    const now = this.settings.clock.now();
    const delay = kind === "transient" ? this.retryDelay(error, entry.failures + 1, now) : 0;
    // Throttling is per vault: after the client's tries, no other load starts before the vault's wait is over,
    // so queued loads (a cold preload) do not keep hammering it.
    if (statusOf(error) === 429 && !this.shutdown.signal.aborted) this.limiter.pause(delay);
    if (!this.current(entry, generation, loadId) || kind === "aborted")
      return { ok: false, error, stale: undefined };
    if (kind === "transient") {
      entry.failures++;
      entry.lastError = error;
      entry.nextAttemptAt = now + delay;
      const stale = entry.secret && now < entry.staleUntil ? entry.secret : undefined;
      if (stale) this.scheduleRetry(entry, delay);
      this.events.emit("error", { ...this.ids(entry), error, servingStale: stale !== undefined });
      return { ok: false, error, stale };
    }
    this.events.emit("error", { ...this.ids(entry), error, servingStale: false });
    if (kind === "notFound" && this.settings.negativeTtlMs > 0) {
      this.dropValue(entry, "notFound");
      entry.failures = 0;
      entry.lastError = undefined;
      entry.notFoundError = error;
      entry.notFoundUntil = now + this.settings.negativeTtlMs;
    } else {
      this.remove(entry, kind);
    }
    return { ok: false, error, stale: undefined };
  }

  /** How long after its nth transient failure (1-based) an entry waits: as the vault asked, or backing off. */
  retryDelay(error: Error, failures: number, now: number): number {
    const { retryDelayMs, maxRetryDelayMs, random } = this.settings;
    return retryAfterMs(error, now) ?? backoffInMs(failures, retryDelayMs, maxRetryDelayMs, random);
  }

  scheduleRetry(entry: CacheEntry, delayMs: number): void {
    this.cancelRetry(entry);
    entry.retryTimer = this.settings.clock.setTimeout(() => {
      entry.retryTimer = undefined;
      if (!entry.flight && this.entries.peek(entry.key) === entry) void this.load(entry, "retry");
    }, delayMs);
  }

  cancelRetry(entry: CacheEntry): void {
    if (entry.retryTimer === undefined) return;
    this.settings.clock.clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
  }

  /** Forgets the value but keeps the entry (its flight and failure state stay). */
  dropValue(entry: CacheEntry, reason: SecretCacheEvictReason): void {
    if (!entry.secret) return;
    entry.secret = undefined;
    entry.freshUntil = entry.staleUntil = -Infinity;
    this.cancelRetry(entry);
    this.events.emit("evict", { ...this.ids(entry), reason });
  }

  /** Removes an entry; a load in flight for it will not be stored. */
  remove(entry: CacheEntry, reason: SecretCacheEvictReason | undefined, unlink = true): void {
    if (unlink && this.entries.peek(entry.key) === entry) this.entries.delete(entry.key);
    entry.generation++;
    this.cancelRetry(entry);
    if (reason && entry.secret) this.events.emit("evict", { ...this.ids(entry), reason });
  }

  invalidate(name: string, which: "latest" | "all" | string, reason: SecretCacheEvictReason): void {
    for (const entry of this.entriesOf(name)) {
      const matches =
        which === "all" ||
        (which === "latest"
          ? entry.version === undefined
          : entry.version?.toLowerCase() === which.toLowerCase());
      if (matches) this.remove(entry, reason);
    }
  }

  /** The entries of one name ("latest" and pinned versions). */
  entriesOf(name: string): CacheEntry[] {
    const lower = name.toLowerCase();
    return [...this.entries.values()].filter((entry) => entry.name.toLowerCase() === lower);
  }

  ids(entry: CacheEntry): { name: string; version: string | undefined } {
    return { name: entry.name, version: entry.version };
  }

  assertOpen(): void {
    if (this.shutdown.signal.aborted) throw new Error("This SecretCache has been disposed");
  }

  /**
   * Applies one Key Vault secret event addressed to this vault; returns the reload it started, if any.
   * SecretNewVersionCreated reloads "latest" (callers wait for it), SecretNearExpiry refreshes it in the
   * background, SecretExpired drops the expired version.
   */
  applyEvent(parsed: SecretEvent): Promise<LoadOutcome> | undefined {
    const latest = this.entries.peek(entryKey(parsed.name, undefined));
    if (parsed.kind === "expired") {
      for (const entry of this.entriesOf(parsed.name)) {
        const version = entry.secret?.properties.version;
        if (!parsed.version || version === undefined || version === parsed.version)
          this.remove(entry, "event");
      }
      return undefined;
    }
    if (!latest) return undefined;
    if (!latest.secret) {
      if (parsed.kind === "newVersion") this.remove(latest, "event"); // a remembered 404 or failure is over
      return undefined;
    }
    if (parsed.kind === "nearExpiry") return latest.flight ? undefined : this.load(latest, "event");
    if (latest.secret.properties.version === parsed.version) return undefined; // already has it
    // The cached value is known to be old: no caller may get it as fresh, and no earlier load may store it.
    latest.generation++;
    latest.freshUntil = this.settings.clock.now();
    latest.superseded = true;
    return this.load(latest, "event");
  }
}
