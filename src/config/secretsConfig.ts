// The loaded config that an app holds: values to read, and the machinery that keeps them fresh (refresh
// timer, Event Grid events) behind one atomic snapshot.
import { addressesVault, parseEvents } from "../model/eventGrid.js";
import { abortError } from "../shared/abort.js";
import { logger } from "../shared/logger.js";
import { SecretsConfigError, type SecretsConfigProblem } from "./errors.js";
import type { Layer, LayerSecrets } from "./layer.js";
import type {
  ApplyToEnvOptions,
  SecretsConfigEventResult,
  SecretsConfigEvents,
  SecretsConfigTree,
} from "./options.js";
import type { RequestGate } from "./requestGate.js";
import { keyOf, type ConfigSettings } from "./settings.js";
import { flatten, readPath, type LoadedSecret } from "./shape.js";
import { buildSnapshot, diff, emptySnapshot, type Snapshot } from "./snapshot.js";

/**
 * App configuration loaded from one or more vaults by `loadSecretsConfig`. Read it through `values`
 * and `get`; `util.inspect`, `JSON.stringify` and `console.log` of this object show secret names, never values.
 */
export interface SecretsConfig<Values = SecretsConfigTree> {
  /** The values, deep-frozen: the shaped secrets, or the schema's output. Replaced whole by each refresh. */
  readonly values: Values;
  /** The names of the secrets loaded (as the vaults spell them), sorted. */
  readonly names: readonly string[];
  /** The value at a dot path (`"Database.Password"`; segments match case-insensitively), or undefined. */
  get(path: string): unknown;
  /** The values as environment variables: `__` between levels, JSON for anything that is not a string. */
  toEnv(): Record<string, string>;
  /**
   * Writes {@link SecretsConfig.toEnv} into `process.env` where there is one (Node, Bun, Deno with env access).
   * @returns The variables written; without `override`, those already set are kept and not listed.
   */
  applyToEnv(options?: ApplyToEnvOptions): string[];
  /**
   * Re-lists the vaults, gets only secrets whose `updatedOn` changed, drops those gone, and swaps the snapshot
   * at once. On failure the last good snapshot stays, `error` is emitted, and the promise rejects.
   * @returns The names changed and removed.
   */
  refresh(): Promise<SecretsConfigEvents["change"]>;
  /**
   * Applies Key Vault Event Grid events (Event Grid schema or CloudEvents; one, an array, or JSON text): the
   * named secret is got again, without a listing. A subscription-validation event yields its response code.
   * @throws TypeError naming what is malformed.
   */
  handleEvent(event: unknown): Promise<SecretsConfigEventResult>;
  /** Adds a listener: `change` (names changed and removed) or `error` (a failed refresh; the snapshot stays). */
  on<E extends keyof SecretsConfigEvents>(
    event: E,
    listener: (payload: SecretsConfigEvents[E]) => void,
  ): void;
  /** Removes a listener added with {@link SecretsConfig.on}. */
  off<E extends keyof SecretsConfigEvents>(
    event: E,
    listener: (payload: SecretsConfigEvents[E]) => void,
  ): void;
  /** Stops the refresh timer, aborts requests in flight and drops listeners. Idempotent. */
  dispose(): void;
  /** Names only. */
  toJSON(): { names: readonly string[] };
}

type Listener = (payload: never) => void;

/** @internal */
export class SecretsConfigHandle implements SecretsConfig<unknown> {
  #snapshot: Snapshot = emptySnapshot();
  #names: readonly string[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #refreshing: Promise<SecretsConfigEvents["change"]> | undefined;
  #timer: unknown;
  #disposed = false;
  readonly #listeners = new Map<keyof SecretsConfigEvents, Set<Listener>>();
  readonly #controller = new AbortController();

  constructor(
    private readonly layers: readonly Layer[],
    private readonly settings: ConfigSettings,
    private readonly gates: readonly RequestGate[],
  ) {
    Object.defineProperty(this, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => `SecretsConfig { names: [${this.#names.map((name) => `'${name}'`).join(", ")}] }`,
    });
    // Keeps the constructor's parameters out of Object.keys, JSON and inspection (they hold clients).
    for (const key of ["layers", "settings", "gates"])
      Object.defineProperty(this, key, { enumerable: false });
  }

  get values(): unknown {
    return this.#snapshot.values;
  }

  get names(): readonly string[] {
    return this.#names;
  }

  get(path: string): unknown {
    if (typeof path !== "string") throw new TypeError("path must be a string");
    return readPath(this.#snapshot.values, path);
  }

  toEnv(): Record<string, string> {
    return flatten(this.#snapshot.values);
  }

  applyToEnv(options: ApplyToEnvOptions = {}): string[] {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    if (env === undefined) return [];
    const written: string[] = [];
    for (const [name, value] of Object.entries(this.toEnv())) {
      if (options.override !== true && env[name] !== undefined) continue;
      env[name] = value;
      written.push(name);
    }
    return written;
  }

  /** The first load: throws the aggregated error instead of emitting it. */
  async load(): Promise<void> {
    const { next } = await this.#build((previous, problems) =>
      Promise.all(
        this.layers.map((layer, i) => layer.load(previous[i] ?? new Map(), this.#signal(), problems)),
      ),
    );
    this.#swap(next);
    this.#schedule();
  }

  refresh(): Promise<SecretsConfigEvents["change"]> {
    if (this.#disposed) return Promise.reject(new Error("This SecretsConfig has been disposed"));
    // One refresh at a time: a second caller joins the one in flight.
    this.#refreshing ??= this.#serialised(() =>
      this.#update((previous, problems) =>
        Promise.all(this.layers.map((layer, i) => layer.load(previous[i]!, this.#signal(), problems))),
      ),
    ).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async handleEvent(event: unknown): Promise<SecretsConfigEventResult> {
    if (this.#disposed) throw new Error("This SecretsConfig has been disposed");
    const result: SecretsConfigEventResult = { validationResponse: undefined, matched: 0, ignored: 0 };
    const targets: { layer: number; name: string }[] = [];
    for (const parsed of parseEvents(event)) {
      if (parsed.type === "validation") {
        result.validationResponse = parsed.code;
        continue;
      }
      const layers =
        parsed.type === "secret" && this.#selects(parsed.name)
          ? this.layers.flatMap((layer, index) => (addressesVault(parsed, layer.vaultUrl) ? [index] : []))
          : [];
      if (layers.length === 0) result.ignored++;
      else result.matched++;
      if (parsed.type === "secret") for (const layer of layers) targets.push({ layer, name: parsed.name });
    }
    if (targets.length > 0) {
      await this.#serialised(() =>
        this.#update(async (previous, problems) => {
          const next = previous.map((secrets) => new Map(secrets));
          await Promise.all(
            targets.map(({ layer, name }) => {
              next[layer]!.delete(name.toLowerCase());
              return this.layers[layer]!.loadOne(name, previous[layer]!, next[layer]!, problems);
            }),
          );
          return next;
        }),
      );
    }
    return result;
  }

  on<E extends keyof SecretsConfigEvents>(
    event: E,
    listener: (payload: SecretsConfigEvents[E]) => void,
  ): void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
  }

  off<E extends keyof SecretsConfigEvents>(
    event: E,
    listener: (payload: SecretsConfigEvents[E]) => void,
  ): void {
    this.#listeners.get(event)?.delete(listener as Listener);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#timer !== undefined) this.settings.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller.abort();
    for (const gate of this.gates) gate.close();
    this.#listeners.clear();
  }

  toJSON(): { names: readonly string[] } {
    return { names: this.#names };
  }

  #signal(): AbortSignal {
    return this.#controller.signal;
  }

  #selects(name: string): boolean {
    const names = this.settings.names;
    if (keyOf(name, this.settings) === undefined) return false;
    return names === undefined || names.some((selected) => selected.toLowerCase() === name.toLowerCase());
  }

  /** Loads layers from the current snapshot's and builds the next snapshot; throws the aggregated error. */
  async #build(
    load: (
      previous: readonly LayerSecrets[],
      problems: SecretsConfigProblem[],
    ) => Promise<readonly LayerSecrets[]>,
  ): Promise<{ next: Snapshot }> {
    const problems: SecretsConfigProblem[] = [];
    const layers = await load(this.#snapshot.layers, problems);
    if (this.#disposed) throw abortError("This SecretsConfig was disposed during a load");
    const next = problems.length === 0 ? await buildSnapshot(layers, this.settings, problems) : undefined;
    if (problems.length > 0 || next === undefined) throw new SecretsConfigError(problems);
    return { next };
  }

  async #update(
    load: (
      previous: readonly LayerSecrets[],
      problems: SecretsConfigProblem[],
    ) => Promise<readonly LayerSecrets[]>,
  ): Promise<SecretsConfigEvents["change"]> {
    try {
      const before = this.#snapshot;
      const { next } = await this.#build(load);
      this.#swap(next);
      const change = diff(before, next);
      if (change.changed.length > 0 || change.removed.length > 0) this.#emit("change", change);
      return change;
    } catch (error) {
      if (!this.#disposed) this.#emit("error", { error: error as Error });
      throw error;
    }
  }

  #swap(next: Snapshot): void {
    this.#snapshot = next;
    this.#names = Object.freeze([...next.merged.values()].map((secret: LoadedSecret) => secret.name).sort());
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #schedule(): void {
    const refresh = this.settings.refresh;
    if (refresh === undefined || this.#disposed) return;
    const delay = Math.round(refresh.intervalMs * (1 - refresh.jitterRatio * this.settings.random()));
    this.#timer = this.settings.clock.setTimeout(() => {
      this.#timer = undefined;
      // A failed timed refresh is reported through `error` (or the log) and the next one is scheduled.
      this.refresh().then(
        () => this.#schedule(),
        () => this.#schedule(),
      );
    }, delay);
  }

  #emit<E extends keyof SecretsConfigEvents>(event: E, payload: SecretsConfigEvents[E]): void {
    const set = this.#listeners.get(event);
    if (event === "error" && !set?.size) {
      logger.warning(
        `A SecretsConfig refresh failed and the last good values stay: ${(payload as { error: Error }).error.message}`,
      );
    }
    for (const listener of [...(set ?? [])]) {
      try {
        (listener as (payload: SecretsConfigEvents[E]) => void)(payload);
      } catch (error) {
        logger.warning(`A SecretsConfig "${event}" listener threw: ${(error as Error)?.name}`);
      }
    }
  }
}
