import { logger } from "../shared/logger.js";

/**
 * A typed event emitter that works the same in Node and browsers. A listener that throws is logged and
 * skipped: one faulty listener must not break the cache or the other listeners.
 * @internal
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
  }

  off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Whether anyone listens to `event` (payloads are only built when someone does). */
  has(event: keyof Events): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[E]) => void)(payload);
      } catch (error) {
        logger.warning(`A SecretCache "${String(event)}" listener threw: ${(error as Error)?.name}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
