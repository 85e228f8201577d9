// `run`: resolves every reference, starts the command with the values in its environment (masked in its
// output by default), forwards signals and exits with its code. With --watch it re-resolves every
// --interval and on each Event Grid event about a referenced secret, and restarts the command when a value
// changed: SIGTERM, SIGKILL after --grace, then the same command with the new values.
import { startChild, forwardSignals, type RunningChild } from "./process/child.js";
import { maskPatterns } from "./process/masker.js";
import { vaultLabel } from "./references/reference.js";
import type { Resolver } from "./references/resolver.js";
import { listenForEvents, type SecretEvent } from "./eventsListener.js";
import {
  CliError,
  createResolver,
  failureLine,
  readEnvironment,
  report,
  vaultUrlTemplate,
  type ReferencedVariable,
} from "./setup.js";

/** The options of `run`. */
export interface RunOptions {
  /** `--env-file`, in order. @default [] */
  envFiles: readonly string[];
  /** The command and its arguments (after `--`). */
  command: readonly string[];
  /** Mask values in the command's output (`--no-masking` turns it off). @default true */
  masking: boolean;
  /** `--watch`. @default false */
  watch: boolean;
  /** `--interval`, in milliseconds. @default 60000 */
  intervalMs: number;
  /** `--events-listen [HOST:]PORT`. @default undefined (no listener) */
  eventsListen: string | undefined;
  /** `--grace`, in milliseconds: SIGTERM to SIGKILL on a restart. @default 10000 */
  graceMs: number;
  /** `--debounce`, in milliseconds. @default 1000 */
  debounceMs: number;
  /** `--vault-url-template`. @default undefined (the variable, else Azure's public cloud) */
  vaultUrlTemplate: string | undefined;
}

/** Runs `run`; resolves with the exit code. */
export async function runCommand(options: RunOptions): Promise<number> {
  const [command, ...args] = options.command;
  if (command === undefined)
    throw new CliError(["run: no command given (keyvault-secrets run -- <command>)"], 2);
  const template = vaultUrlTemplate(options.vaultUrlTemplate, process.env);
  const { env, references } = readEnvironment(options.envFiles, template);
  const resolver = references.length > 0 ? await createResolver() : undefined;
  let values: Map<string, string>;
  try {
    values = await resolveAll(resolver, references);
  } catch (error) {
    resolver?.close();
    throw error;
  }
  // Every value ever given to a child is masked from then on, including the ones a rotation replaced.
  const seen = new Set(values.values());
  const start = (): RunningChild =>
    startChild({
      command,
      args,
      env: { ...env, ...Object.fromEntries(values) },
      maskPatterns: options.masking ? maskPatterns(seen) : undefined,
      onStartError: report,
    });
  // The listener is up before the command starts, so a port in use fails the run before anything ran.
  const onEvents = { trigger: (): void => undefined };
  let server: Awaited<ReturnType<typeof listenForEvents>> | undefined;
  if (options.watch && resolver !== undefined && options.eventsListen !== undefined) {
    try {
      server = await listenForEvents(
        options.eventsListen,
        (events) => {
          const ours = events.some((event) =>
            references.some(({ reference }) => addresses(event, reference.vaultUrl, reference.name)),
          );
          if (ours) onEvents.trigger();
        },
        report,
      );
    } catch (error) {
      resolver.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        [code ? `--events-listen ${options.eventsListen}: ${code}` : (error as Error).message],
        2,
      );
    }
  }
  let child = start();
  if (!options.watch || resolver === undefined) {
    if (options.watch) report("--watch: no references to watch");
    const removeHandlers = forwardSignals(() => child.process);
    try {
      return await child.exited;
    } finally {
      removeHandlers();
      resolver?.close();
    }
  }

  // --watch: `finished` settles when a child exits by itself (or by a signal we forwarded), not when a
  // restart stopped it.
  let restarting = false;
  let stopping = false;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const follow = (running: RunningChild): void => {
    void running.exited.then((code) => {
      if (running === child && (!restarting || stopping)) finish(code);
    });
  };
  follow(child);
  const removeHandlers = forwardSignals(
    () => child.process,
    () => (stopping = true),
  );
  const watcher = new Watcher(resolver, references, options, async (next) => {
    if (stopping) return;
    restarting = true;
    report(`a referenced secret changed (${changedNames(values, next).join(", ")}): restarting the command`);
    const code = await stopChild(child, options.graceMs);
    values = next;
    for (const value of next.values()) seen.add(value);
    if (stopping) finish(code);
    else {
      child = start();
      follow(child);
    }
    restarting = false;
  });
  watcher.current = values;
  onEvents.trigger = () => watcher.trigger();
  watcher.schedule();
  try {
    return await finished;
  } finally {
    watcher.close();
    server?.close();
    removeHandlers();
    resolver.close();
  }
}

/** Resolves the references into variable → value; a failed reference ends the command (one line each). */
async function resolveAll(
  resolver: Resolver | undefined,
  references: readonly ReferencedVariable[],
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  if (resolver === undefined) return values;
  const outcomes = await resolver.resolve(references.map(({ reference }) => reference));
  const problems: string[] = [];
  for (const [index, { variable, reference }] of references.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.kind === "found") values.set(variable, outcome.value);
    else problems.push(failureLine(variable, reference, outcome));
  }
  if (problems.length > 0) throw new CliError(problems, 1);
  return values;
}

function changedNames(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after.keys()].filter((variable) => before.get(variable) !== after.get(variable));
}

function addresses(event: SecretEvent, vaultUrl: string, name: string): boolean {
  if (event.name.toLowerCase() !== name.toLowerCase()) return false;
  const host = new URL(vaultUrl).host.toLowerCase();
  if (event.idHost !== undefined) return event.idHost === host;
  return (
    event.vaultName === undefined || event.vaultName.toLowerCase() === vaultLabel(vaultUrl).toLowerCase()
  );
}

/** SIGTERM, then SIGKILL once `graceMs` passed; resolves with its exit code when the child is gone. */
async function stopChild(child: RunningChild, graceMs: number): Promise<number> {
  const { process: running } = child;
  if (running.exitCode === null && running.signalCode === null) running.kill("SIGTERM");
  const timer = setTimeout(() => running.kill("SIGKILL"), graceMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Re-resolves every `intervalMs` and on `trigger()` (debounced), one resolution at a time, and calls
 * `onChange` with the new values when any differs from `current`. A failed resolution keeps the command
 * running and is reported.
 */
class Watcher {
  current = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly resolver: Resolver,
    private readonly references: readonly ReferencedVariable[],
    private readonly options: RunOptions,
    private readonly onChange: (next: Map<string, string>) => Promise<void>,
  ) {}

  schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), this.options.intervalMs);
  }

  trigger(): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.check(), this.options.debounceMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.debounce);
  }

  private check(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.resolveOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.check();
      } else this.schedule();
    });
  }

  private async resolveOnce(): Promise<void> {
    let next: Map<string, string>;
    try {
      next = await resolveAll(this.resolver, this.references);
    } catch (error) {
      const lines = error instanceof CliError ? error.lines : [(error as Error).message];
      for (const line of lines) report(`--watch: ${line} (the command keeps running with the last values)`);
      return;
    }
    if (this.closed) return;
    if (changedNames(this.current, next).length === 0) return;
    await this.onChange(next);
    this.current = next;
  }
}
