// The mutation log file: how a log is read back (a torn tail is a write never acknowledged, a bad line
// before it is corruption, named), what an open log counts, and how it fails, drains and closes.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MutationLog, readMutationLog } from "../../../src/emulator/persistence/mutationLog.js";
import { settle } from "../../helpers/capturedTimers";

let directory: string;
let path: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-log-reading-"));
  path = join(directory, "vault.log");
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

const entry = (sequence: number) => ({ vault: "emulator", sequence, changes: [] });
const line = (sequence: number) => JSON.stringify([entry(sequence)]) + "\n";

describe("readMutationLog", () => {
  it("reads a complete log: every line, no torn tail, all of it intact", () => {
    writeFileSync(path, line(1) + line(2));
    expect(readMutationLog(path)).toEqual({
      entries: [[entry(1)], [entry(2)]],
      tornTail: false,
      intactBytes: statSync(path).size,
    });
  });

  it("is undefined for a log that does not exist, and throws when the path cannot be read", () => {
    expect(readMutationLog(path)).toBeUndefined();
    mkdirSync(path);
    expect(() => readMutationLog(path)).toThrow(expect.objectContaining({ code: "EISDIR" }));
  });

  it("takes a last line that is complete but not JSON for a torn write, and appends after the intact part", () => {
    writeFileSync(path, line(1) + '[{"vault":"emulator","seq\n');
    expect(readMutationLog(path)).toEqual({
      entries: [[entry(1)]],
      tornTail: true,
      intactBytes: line(1).length,
    });
  });

  it.each([
    ["not JSON", "{oops", /^line 1 is not a log entry \(/],
    ["not an array", JSON.stringify(entry(1)), "line 1 is not a log entry (unexpected shape)"],
    ["a null entry", "[null]", "line 1 is not a log entry (unexpected shape)"],
    ["a vault that is not a string", JSON.stringify([{ ...entry(1), vault: 5 }]), "(unexpected shape)"],
    [
      "a sequence that is not an integer",
      JSON.stringify([{ ...entry(1), sequence: 1.5 }]),
      "(unexpected shape)",
    ],
    ["no changes", JSON.stringify([{ vault: "emulator", sequence: 1 }]), "(unexpected shape)"],
    [
      "one bad entry among good ones",
      JSON.stringify([entry(1), { vault: "emulator" }]),
      "(unexpected shape)",
    ],
  ])("refuses a line before the last that holds %s, naming it", (_case, bad, message) => {
    writeFileSync(path, `${bad}\n${line(2)}`);
    let error: Error | undefined;
    try {
      readMutationLog(path);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.cause).toBeInstanceOf(Error);
  });
});

describe("MutationLog", () => {
  it("counts the bytes already in the file and those it appends", async () => {
    writeFileSync(path, line(1));
    const log = await MutationLog.open(path);
    expect(log.bytes).toBe(line(1).length);
    await log.append([entry(2)]);
    expect(log.bytes).toBe(statSync(path).size);
    await log.close();
  });

  it("refuses appends once closed, naming the log", async () => {
    const log = await MutationLog.open(path);
    await log.close();
    await expect(log.append([entry(1)])).rejects.toThrow(`the mutation log ${path} is closed`);
  });

  it("drains only once what was appended is on disk", async () => {
    const log = await MutationLog.open(path);
    const probe = await open(join(directory, "probe"), "w");
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const original = prototype.datasync;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(prototype, "datasync").mockImplementation(function (this: unknown) {
      return held.then(() => original.call(this));
    });
    void log.append([entry(1)]);
    let drained = false;
    const draining = log.drain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    release();
    await draining;
    expect(log.syncs).toBe(1);
    await log.close();
  });

  it("rejects every append of a group whose fdatasync failed", async () => {
    const log = await MutationLog.open(path);
    const probe = await open(join(directory, "probe"), "w");
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const failure = Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" });
    vi.spyOn(prototype, "datasync").mockRejectedValue(failure);
    const appends = [log.append([entry(1)]), log.append([entry(2)])];
    for (const append of appends) await expect(append).rejects.toBe(failure);
    expect(log.syncs).toBe(0);
    vi.restoreAllMocks();
    await log.append([entry(3)]);
    expect(log.syncs).toBe(1);
    await log.close();
  });

  it("appends after the lines already there", async () => {
    appendFileSync(path, line(1));
    const log = await MutationLog.open(path);
    await log.append([entry(2)]);
    await log.close();
    expect(readMutationLog(path)!.entries).toEqual([[entry(1)], [entry(2)]]);
  });
});
