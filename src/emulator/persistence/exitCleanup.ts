// Clean-up that must happen even when the process ends without stop(): temporary CA folders and the data
// file's lock. One `exit` listener serves every emulator of the process. SIGINT/SIGTERM/SIGHUP end a
// process without `exit` listeners running, so when no one else handles the signal, the clean-up runs and
// the signal is raised again (the process still dies of it, as it would have).
type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: the process is ending.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else (the CLI, the app) handles it and will stop or exit; `exit` still runs the clean-up then.
  if (process.listenerCount(signal) > 1) return;
  runAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", runAll);
  for (const signal of signals) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off("exit", runAll);
  for (const signal of signals) process.off(signal, onSignal);
}

/** Runs `cleanup` at process exit (or a fatal signal) unless the returned function is called first. */
export function onProcessExit(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}
