// The mutation log acknowledges an append only once its line is written and fdatasync'ed: the response of
// a write must not leave while its change could still be lost to a power cut.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MutationLog } from "../../../src/emulator/persistence/mutationLog.js";
import { settle } from "../../helpers/capturedTimers";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-log-fsync-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

/** Holds every FileHandle.datasync() until released, recording what the file held when each was asked for. */
async function holdDatasync() {
  const probe = await open(join(directory, "probe"), "w");
  const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
  await probe.close();
  const original = prototype.datasync;
  const held: (() => void)[] = [];
  const fileAtSync: string[] = [];
  let called: () => void = () => undefined;
  const spy = vi.spyOn(prototype, "datasync").mockImplementation(function (this: unknown) {
    fileAtSync.push(readFileSync(join(directory, "vault.log"), "utf8"));
    called();
    return new Promise<void>((resolve) => held.push(resolve)).then(() => original.call(this));
  });
  return {
    spy,
    fileAtSync,
    /** Resolves at the next datasync() call (file writes take thread-pool turns, not a fixed number). */
    nextCall: () => new Promise<void>((resolve) => (called = resolve)),
    release: () => held.splice(0).forEach((resume) => resume()),
  };
}

describe("MutationLog.append", () => {
  it("resolves only after the fdatasync of its line, which runs once the line is written", async () => {
    const log = await MutationLog.open(join(directory, "vault.log"));
    const datasync = await holdDatasync();
    const synced = datasync.nextCall();
    let acknowledged = false;
    const appended = log
      .append([{ vault: "emulator", sequence: 1, changes: [] }])
      .then(() => (acknowledged = true));
    await Promise.race([synced, appended]);
    await settle();

    expect(datasync.spy).toHaveBeenCalledTimes(1);
    expect(datasync.fileAtSync).toEqual(['[{"vault":"emulator","sequence":1,"changes":[]}]\n']);
    expect(acknowledged).toBe(false);

    datasync.release();
    await appended;
    expect(acknowledged).toBe(true);
    expect(log.syncs).toBe(1);
    await log.close();
  });

  it("makes appends that arrive during an fdatasync wait for the next one", async () => {
    const log = await MutationLog.open(join(directory, "vault.log"));
    const datasync = await holdDatasync();
    let synced = datasync.nextCall();
    const first = log.append([{ vault: "emulator", sequence: 1, changes: [] }]);
    await Promise.race([synced, first]);
    expect(datasync.spy).toHaveBeenCalledTimes(1);
    let secondAcknowledged = false;
    const second = log
      .append([{ vault: "emulator", sequence: 2, changes: [] }])
      .then(() => (secondAcknowledged = true));

    synced = datasync.nextCall();
    datasync.release();
    await first;
    await synced;
    await settle();
    expect(secondAcknowledged).toBe(false); // its line came after the first fdatasync started
    expect(datasync.fileAtSync[1]).toMatch(/"sequence":2.*\n$/);

    datasync.release();
    await second;
    expect(log.syncs).toBe(2);
    await log.close();
  });
});
