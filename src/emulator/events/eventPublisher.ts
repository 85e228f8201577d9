// Publishes Key Vault secret events from the emulator's state, driven by its clock: a new version (set or
// restore) → SecretNewVersionCreated; the current version 30 days before its `exp` → SecretNearExpiry; at
// `exp` → SecretExpired. Subscribers get them synchronously, right after the mutation or clock move.
import type { EmulatorClock } from "../vault/clock.js";
import { currentVersion } from "../vault/vaultRecords.js";
import type { VaultStore } from "../vault/vaultStore.js";
import {
  toCloudEvent,
  toEventGridEvent,
  vaultNameOf,
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

/** Watches one vault store and clock. @internal */
export class EventPublisher implements EmulatorEvents {
  private readonly subscriptions = new Set<Subscription>();
  private readonly history: EventGridEvent<KeyVaultSecretEventData>[] = [];
  private lastSequence = 0;
  private lastRevision = -1;
  private nextDueAt = Infinity;
  /** `name/version/type` of the expiry events already sent. */
  private readonly sentExpiry = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watching = false;

  /**
   * @param store - The vault whose changes become events.
   * @param clock - The emulator clock: expiry events follow it, frozen or running.
   * @param vaultUrl - The vault URL used in event ids (set once the server listens).
   */
  constructor(
    private readonly store: VaultStore,
    private readonly clock: EmulatorClock,
    public vaultUrl: string,
  ) {}

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
    if (this.store.revision === this.lastRevision && now < this.nextDueAt) return;
    this.lastRevision = this.store.revision;
    const due: SecretEventFacts[] = [];
    let nextDueAt = Infinity;
    let maxSequence = this.lastSequence;
    for (const record of this.store.listActive()) {
      for (const version of record.versions) {
        if (version.sequence <= this.lastSequence) continue;
        maxSequence = Math.max(maxSequence, version.sequence);
        due.push(this.facts("Microsoft.KeyVault.SecretNewVersionCreated", record.name, version, now));
      }
      const current = currentVersion(record);
      if (current.exp === undefined || !current.enabled) continue;
      const expiresAt = current.exp * 1000;
      for (const [type, at] of [
        ["Microsoft.KeyVault.SecretNearExpiry", expiresAt - NEAR_EXPIRY_MS],
        ["Microsoft.KeyVault.SecretExpired", expiresAt],
      ] as const) {
        const key = `${record.name.toLowerCase()}/${current.version}/${type}`;
        if (this.sentExpiry.has(key)) continue;
        if (now >= at) {
          this.sentExpiry.add(key);
          due.push(this.facts(type, record.name, current, now));
        } else nextDueAt = Math.min(nextDueAt, at);
      }
    }
    this.lastSequence = maxSequence;
    this.nextDueAt = nextDueAt;
    this.armTimer();
    for (const facts of due) this.publish(facts);
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
    name: string,
    version: { version: string; nbf?: number; exp?: number },
    time: number,
  ): SecretEventFacts {
    const origin = new URL(this.vaultUrl).origin;
    const data: KeyVaultSecretEventData = {
      Id: `${origin}/secrets/${name}/${version.version}`,
      VaultName: vaultNameOf(this.vaultUrl),
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
