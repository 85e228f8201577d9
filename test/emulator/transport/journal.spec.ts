import { describe, expect, it } from "vitest";
import { Journal, type JournalEntry } from "../../../src/emulator/transport/journal.js";

const entry = (status: number): JournalEntry => ({ time: status, method: "GET", status, latencyMs: 1 });

describe("Journal", () => {
  it("returns entries oldest first, as copies", () => {
    const journal = new Journal();
    journal.record(entry(200));
    journal.record(entry(404));
    const entries = journal.entries();
    expect(entries.map((item) => item.status)).toEqual([200, 404]);
    entries[0]!.status = 500;
    expect(journal.entries()[0]!.status).toBe(200);
  });

  it("keeps only the newest entries once its capacity is reached", () => {
    const journal = new Journal(3);
    for (const status of [1, 2, 3, 4, 5]) journal.record(entry(status));
    expect(journal.entries().map((item) => item.status)).toEqual([3, 4, 5]);
  });

  it("forgets everything on clear", () => {
    const journal = new Journal(2);
    for (const status of [1, 2, 3]) journal.record(entry(status));
    journal.clear();
    expect(journal.entries()).toEqual([]);
    journal.record(entry(7));
    expect(journal.entries().map((item) => item.status)).toEqual([7]);
  });

  it("tells subscribers about each new entry until they unsubscribe, and survives a throwing one", () => {
    const journal = new Journal(2);
    const seen: number[] = [];
    journal.subscribe(() => {
      throw new Error("subscriber bug");
    });
    const unsubscribe = journal.subscribe((item) => seen.push(item.status));
    journal.record(entry(201));
    journal.record(entry(202));
    journal.record(entry(203));
    unsubscribe();
    journal.record(entry(204));
    expect(seen).toEqual([201, 202, 203]);
    expect(journal.entries().map((item) => item.status)).toEqual([203, 204]);
  });
});
