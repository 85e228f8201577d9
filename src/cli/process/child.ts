// Starts the command of `run`, pipes its output through the masker (or lets it write to ours directly with
// `--no-masking`), forwards the signals a terminal or a supervisor sends us, and reports how it ended as an
// exit code the way shells do: its own code, or 128 + the signal's number when a signal ended it.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { maskingStream } from "./masker.js";

/** The signals passed on to the child. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

/** A running child: its process and the exit code it will end with. */
export interface RunningChild {
  process: ChildProcess;
  /** The shell-style exit code: its code, or 128 + signal number; 127 when it could not start. */
  exited: Promise<number>;
}

/** How to start the child. */
export interface ChildOptions {
  /** The executable (looked up in PATH). */
  command: string;
  /** Its arguments. */
  args: readonly string[];
  /** Its whole environment. */
  env: NodeJS.ProcessEnv;
  /** Byte patterns to mask in stdout and stderr; `undefined` turns masking off. @default undefined */
  maskPatterns: readonly Buffer[] | undefined;
  /** Reports a start failure (one line, no value). */
  onStartError: (message: string) => void;
}

/** Starts the child, wiring its output; signals are forwarded by {@link forwardSignals}. */
export function startChild(options: ChildOptions): RunningChild {
  const masked = options.maskPatterns !== undefined;
  const child = spawn(options.command, options.args, {
    env: options.env,
    stdio: ["inherit", masked ? "pipe" : "inherit", masked ? "pipe" : "inherit"],
  });
  const drained: Promise<void>[] = [];
  if (masked) {
    for (const [from, to] of [
      [child.stdout!, process.stdout],
      [child.stderr!, process.stderr],
    ] as const) {
      const mask = maskingStream(options.maskPatterns!);
      drained.push(new Promise((resolve) => mask.on("end", resolve).on("error", () => resolve())));
      from.pipe(mask);
      mask.on("data", (chunk: Buffer) => to.write(chunk));
    }
  }
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      options.onStartError(
        error.code === "ENOENT"
          ? `cannot start "${options.command}": command not found`
          : `cannot start "${options.command}": ${error.code ?? error.message}`,
      );
      resolve(error.code === "ENOENT" ? 127 : 126);
    });
    child.once("close", (code, signal) => {
      const status = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0);
      void Promise.all(drained).then(() => resolve(status));
    });
  });
  return { process: child, exited };
}

/**
 * Passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to whatever `target()` returns while installed (so a
 * `--watch` restart forwards to the new child).
 * @returns a function that removes the handlers.
 */
export function forwardSignals(target: () => ChildProcess | undefined, onSignal?: () => void): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = (): void => {
      onSignal?.();
      const child = target();
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}
