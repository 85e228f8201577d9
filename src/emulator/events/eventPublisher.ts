// Publishes Key Vault secret events from the emulator's state, driven by its clock: a new version (set or
// restore) → SecretNewVersionCreated; the current version 30 days before its `exp` → SecretNearExpiry; at
// `exp` → SecretExpired. Subscribers get them synchronously, right after the mutation or clock move.
import type { EmulatorClock } from "../vault/clock.js";
import { currentVersion } from "../vault/vaultRecords.js";
import type { VaultRegistry } from "../vault/vaultRegistry.js";
import type { VaultStore } from "../vault/vaultStore.js";
import {
  toCloudEvent,
  toEventGridEvent,
  type CloudEvent,
  type EventGridEvent,
  type EventSchema,
  type KeyVaultSecretEventData,
  type SecretEventFacts,
  type SecretEventType,
} from "./eventShapes.js";

/** How long before `exp` Key Vault sends SecretNearExpiry. */
export const NEAR_EXPIRY_MS = 30 * 24 * 3600 * 1000;
const MAX_PUBLISHED_RECORDS = 1000;

/** A subscriber; it receives the event in the schema it subscribed with. */
export type EmulatorEventListener = (
  event: EventGridEvent<KeyVaultSecretEventData> | CloudEvent<KeyVaultSecretEventData>,
) => void;

/** The event controls `emulator.events` exposes. */
export interface EmulatorEvents {
  /**
   * Calls `listener` with every secret event from now on, in `schema` (default the Event Grid schema).
   * @returns A function that unsubscribes.
   */
  subscribe(listener: EmulatorEventListener, options?: { schema?: EventSchema }): () => void;
  /** The events published so far (Event Grid schema, oldest first, the last 1,000). */
  published(): EventGridEvent<KeyVaultSecretEventData>[];
}

interface Subscription {
  listener: EmulatorEventListener;
  schema: EventSchema;
}

/** Watches every vault of a registry, and the clock. @internal */
export class EventPublisher implements EmulatorEvents {
  private readonly subscriptions = new Set<Subscription>();
  private readonly history: EventGridEvent<KeyVaultSecretEventData>[] = [];
  /** The highest version sequence seen per vault (sequences count per vault). */
  private readonly lastSequence = new WeakMap<VaultStore, number>();
  private lastRevision = -1;
  private nextDueAt = Infinity;
  /** `name/version/type` of the expiry events already sent. */
  private readonly sentExpiry = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watching = false;

  /** The URL of a vault in event ids (set once the server knows its port). */
  private urlOf: (vaultName: string) => string = (name) => `https://${name}.vault.localhost`;

  /**
   * @param vaults - The vaults whose changes become events.
   * @param clock - The emulator clock: expiry events follow it, frozen or running.
   */
  constructor(
    private readonly vaults: VaultRegistry,
    private readonly clock: EmulatorClock,
  ) {}

  /** Sets how a vault's URL is spelled in event ids (`Id`); the server calls it once it listens. */
  setVaultUrls(urlOf: (vaultName: string) => string): void {
    this.urlOf = urlOf;
  }

  subscribe(listener: EmulatorEventListener, options: { schema?: EventSchema } = {}): () => void {
    if (typeof listener !== "function") throw new TypeError("subscribe(listener) needs a function");
    const schema = options.schema ?? "EventGridSchema";
    if (schema !== "EventGridSchema" && schema !== "CloudEventSchemaV1_0") {
      throw new TypeError(
        `schema must be "EventGridSchema" or "CloudEventSchemaV1_0" (got ${JSON.stringify(schema)})`,
      );
    }
    this.startWatching();
    const subscription = { listener, schema };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  published(): EventGridEvent<KeyVaultSecretEventData>[] {
    return this.history.map((event) => ({ ...event, data: { ...event.data } }));
  }

  /** Publishes what became due since the last check (after a mutation or a clock move). */
  check(): void {
    if (!this.watching) return;
    const now = this.clock.now();
    if (this.vaults.revision === this.lastRevision && now < this.nextDueAt) return;
    this.lastRevision = this.vaults.revision;
    const due: SecretEventFacts[] = [];
    let nextDueAt = Infinity;
    for (const vaultName of this.vaults.names()) {
      const store = this.vaults.get(vaultName)!;
      nextDueAt = Math.min(nextDueAt, this.checkVault(vaultName, store, now, due));
    }
    this.nextDueAt = nextDueAt;
    this.armTimer();
    for (const facts of due) this.publish(facts);
  }

  /** Adds the vault's due events to `due`; returns when its next expiry event is due. */
  private checkVault(vaultName: string, store: VaultStore, now: number, due: SecretEventFacts[]): number {
    const lastSequence = this.lastSequence.get(store) ?? 0;
    let maxSequence = lastSequence;
    let nextDueAt = Infinity;
    for (const record of store.listActive()) {
      for (const version of record.versions) {
        if (version.sequence <= lastSequence) continue;
        maxSequence = Math.max(maxSequence, version.sequence);
        due.push(
          this.facts("Microsoft.KeyVault.SecretNewVersionCreated", vaultName, record.name, version, now),
        );
      }
      const current = currentVersion(record);
      if (current.exp === undefined || !current.enabled) continue;
      const expiresAt = current.exp * 1000;
      for (const [type, at] of [
        ["Microsoft.KeyVault.SecretNearExpiry", expiresAt - NEAR_EXPIRY_MS],
        ["Microsoft.KeyVault.SecretExpired", expiresAt],
      ] as const) {
        const key = `${vaultName}/${record.name.toLowerCase()}/${current.version}/${type}`;
        if (this.sentExpiry.has(key)) continue;
        if (now >= at) {
          this.sentExpiry.add(key);
          due.push(this.facts(type, vaultName, record.name, current, now));
        } else nextDueAt = Math.min(nextDueAt, at);
      }
    }
    this.lastSequence.set(store, maxSequence);
    return nextDueAt;
  }

  /** Stops the timer (the emulator is closing). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscriptions.clear();
  }

  private startWatching(): void {
    if (this.watching) return;
    // Secrets that exist (or are already due) when watching starts are the baseline, not news.
    this.watching = true;
    this.check();
    this.history.length = 0;
  }

  private facts(
    type: SecretEventType,
    vaultName: string,
    name: string,
    version: { version: string; nbf?: number; exp?: number },
    time: number,
  ): SecretEventFacts {
    const origin = new URL(this.urlOf(vaultName)).origin;
    const data: KeyVaultSecretEventData = {
      Id: `${origin}/secrets/${name}/${version.version}`,
      VaultName: vaultName,
      ObjectType: "Secret",
      ObjectName: name,
      Version: version.version,
    };
    if (version.nbf !== undefined) data.NBF = version.nbf;
    if (version.exp !== undefined) data.EXP = version.exp;
    return { type, time, data };
  }

  private publish(facts: SecretEventFacts): void {
    const eventGrid = toEventGridEvent(facts);
    if (this.history.length >= MAX_PUBLISHED_RECORDS) this.history.shift();
    this.history.push(eventGrid);
    for (const { listener, schema } of [...this.subscriptions]) {
      try {
        listener(schema === "EventGridSchema" ? eventGrid : toCloudEvent(facts));
      } catch {
        // A subscriber's bug must not fail the request that caused the event.
      }
    }
  }

  /** While the clock runs, wakes up at the next expiry event (unref'd: it never keeps Node alive). */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.nextDueAt === Infinity || this.clock.isFrozen) return;
    const delay = Math.min(Math.max(0, this.nextDueAt - this.clock.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.check(), delay);
    this.timer.unref();
  }
}
