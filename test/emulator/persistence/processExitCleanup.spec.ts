// Clean-up at process exit (temporary CA folders, the data file's lock): one `exit` listener and one per
// fatal signal for every emulator of the process, each clean-up run once, and a signal nobody else handles
// raised again after the clean-up so the process still dies of it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onProcessExit } from "../../../src/emulator/persistence/exitCleanup.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type Listener = (...args: unknown[]) => void;

/** Listeners others (vitest, the pool) put on the signals, set aside so each test starts with none. */
let others: Map<string, Listener[]>;
beforeEach(() => {
  others = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal) as Listener[]]));
  for (const signal of SIGNALS) process.removeAllListeners(signal);
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const signal of SIGNALS) {
    process.removeAllListeners(signal);
    for (const listener of others.get(signal)!) process.on(signal, listener);
  }
});

const counts = () => ["exit", ...SIGNALS].map((event) => process.listenerCount(event));

/** The listener `register` adds to `event`. */
function addedListener(
  event: string,
  register: () => () => void,
): { listener: Listener; remove: () => void } {
  const before = new Set(process.listeners(event as "exit"));
  const remove = register();
  const listener = (process.listeners(event as "exit") as Listener[]).find(
    (candidate) => !before.has(candidate),
  );
  if (!listener) throw new Error(`no ${event} listener was added`);
  return { listener, remove };
}

describe("onProcessExit", () => {
  it("installs one exit listener and one per signal for any number of clean-ups, removed with the last", () => {
    const [exit] = counts();
    const first = onProcessExit(() => undefined);
    const second = onProcessExit(() => undefined);
    expect(counts()).toEqual([exit! + 1, 1, 1, 1]);
    first();
    expect(counts()).toEqual([exit! + 1, 1, 1, 1]);
    second();
    expect(counts()).toEqual([exit, 0, 0, 0]);
  });

  it("at exit runs each clean-up once, even when another one throws", () => {
    const ran: string[] = [];
    const { listener: atExit, remove: removeFirst } = addedListener("exit", () =>
      onProcessExit(() => {
        ran.push("first");
        throw new Error("clean-up failed");
      }),
    );
    const removeSecond = onProcessExit(() => ran.push("second"));

    atExit();
    atExit();

    expect(ran).toEqual(["first", "second"]);
    removeFirst();
    removeSecond();
    expect(counts().slice(1)).toEqual([0, 0, 0]);
  });

  it("on a signal nobody else handles, cleans up, lets go of the signals and raises it again", () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    const ran: string[] = [];
    const { listener: onSigterm, remove } = addedListener("SIGTERM", () =>
      onProcessExit(() => ran.push("cleaned")),
    );

    onSigterm("SIGTERM");

    expect(ran).toEqual(["cleaned"]);
    expect(counts().slice(1)).toEqual([0, 0, 0]);
    expect(kill).toHaveBeenCalledExactlyOnceWith(process.pid, "SIGTERM");
    remove();
  });

  it("leaves a signal that someone else handles to them (they stop or exit, and exit cleans up)", () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    const ran: string[] = [];
    const { listener: onSigint, remove } = addedListener("SIGINT", () =>
      onProcessExit(() => ran.push("cleaned")),
    );
    const cliHandler = () => undefined;
    process.on("SIGINT", cliHandler);

    onSigint("SIGINT");

    expect(ran).toEqual([]);
    expect(kill).not.toHaveBeenCalled();
    process.off("SIGINT", cliHandler);
    remove();
    expect(counts().slice(1)).toEqual([0, 0, 0]);
  });
});
