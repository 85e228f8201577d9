import { describe, expect, it } from "vitest";
import { FaultInjector, parseFaultRules, validateFaultRule } from "../../../src/emulator/faults/faults.js";

const get = (secretName = "db") => ({ method: "GET", operation: "getSecret" as const, secretName });

describe("FaultInjector matching", () => {
  it("hits only requests whose method, operation and secret name all match (names case-insensitive)", () => {
    const faults = new FaultInjector();
    faults.add({ kind: "reset", method: "get", operation: "getSecret", secretName: "DB", times: "always" });
    expect(faults.pick(get("db"))?.action.kind).toBe("reset");
    expect(faults.pick(get("other"))).toBeUndefined();
    expect(faults.pick({ method: "PUT", operation: "setSecret", secretName: "db" })).toBeUndefined();
    expect(faults.pick({ method: "GET", operation: "getSecrets" })).toBeUndefined();
  });

  it("accepts a list of operations", () => {
    const faults = new FaultInjector();
    faults.add({ kind: "hang", operation: ["getSecrets", "getDeletedSecrets"], times: "always" });
    expect(faults.pick({ method: "GET", operation: "getDeletedSecrets" })?.action.kind).toBe("hang");
    expect(faults.pick(get())).toBeUndefined();
  });

  it("fires from the nth matching request, once by default", () => {
    const faults = new FaultInjector();
    faults.add({ kind: "status", status: 503, nth: 3 });
    const hits = Array.from({ length: 6 }, () => faults.pick(get()) !== undefined);
    expect(hits).toEqual([false, false, true, false, false, false]);
  });

  it('fires `times` times, or forever with "always"', () => {
    const twice = new FaultInjector();
    twice.add({ kind: "status", status: 429, times: 2 });
    expect(Array.from({ length: 4 }, () => twice.pick(get()) !== undefined)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const always = new FaultInjector();
    always.add({ kind: "status", status: 429, times: "always" });
    expect(Array.from({ length: 50 }, () => always.pick(get()) !== undefined).every(Boolean)).toBe(true);
  });

  it("draws a seeded probability: the same seed gives the same hits, another seed other hits", () => {
    const pattern = (seed: number) => {
      const faults = new FaultInjector();
      faults.add({ kind: "status", status: 500, times: "always", probability: 0.3, seed });
      return Array.from({ length: 200 }, () => (faults.pick(get()) ? 1 : 0)).join("");
    };
    expect(pattern(42)).toBe(pattern(42));
    expect(pattern(42)).not.toBe(pattern(43));
    const hits = [...pattern(42)].filter((bit) => bit === "1").length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it("applies emptyPage to list operations only", () => {
    const faults = new FaultInjector();
    faults.add({ kind: "emptyPage", times: "always" });
    expect(faults.pick(get())).toBeUndefined();
    expect(
      faults.pick({ method: "GET", operation: "getSecretVersions", secretName: "db" })?.action.kind,
    ).toBe("emptyPage");
  });

  it("lets the first eligible rule win while every matching rule counts the request", () => {
    const faults = new FaultInjector();
    const first = faults.add({ kind: "latency", ms: 5, nth: 2 });
    const second = faults.add({ kind: "reset", nth: 2 });
    expect(faults.pick(get())).toBeUndefined();
    expect(faults.pick(get())?.ruleId).toBe(first);
    expect(faults.pick(get())?.ruleId).toBe(second);
  });
});

describe("FaultInjector bookkeeping", () => {
  it("records every fired fault and counts per rule", () => {
    let now = 1000;
    const faults = new FaultInjector(() => now);
    const id = faults.add({ kind: "malformedBody", times: 2 });
    faults.pick(get("a"));
    now = 2000;
    faults.pick(get("b"));
    faults.pick(get("c"));
    expect(faults.fired()).toEqual([
      {
        ruleId: id,
        kind: "malformedBody",
        time: 1000,
        method: "GET",
        operation: "getSecret",
        secretName: "a",
      },
      {
        ruleId: id,
        kind: "malformedBody",
        time: 2000,
        method: "GET",
        operation: "getSecret",
        secretName: "b",
      },
    ]);
    expect(faults.list()).toEqual([{ id, kind: "malformedBody", times: 2, firedCount: 2 }]);
  });

  it("removes one rule by id and clears everything", () => {
    const faults = new FaultInjector();
    const a = faults.add({ kind: "reset", times: "always" });
    faults.add({ kind: "hang", times: "always" });
    expect(faults.remove(a)).toBe(true);
    expect(faults.remove(a)).toBe(false);
    expect(faults.pick(get())?.action.kind).toBe("hang");
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.fired()).toEqual([]);
    expect(faults.pick(get())).toBeUndefined();
  });
});

describe("validateFaultRule", () => {
  it.each([
    [{ kind: "explode" }, '"kind" must be one of'],
    [{ kind: "status", status: 200 }, '"status" must be an HTTP error status'],
    [{ kind: "latency" }, '"ms" is required'],
    [{ kind: "latency", ms: -1 }, '"ms" must be a non-negative number'],
    [{ kind: "reset", nth: 0 }, '"nth" must be a positive integer'],
    [{ kind: "reset", times: 1.5 }, '"times" must be a positive integer'],
    [{ kind: "reset", probability: 2 }, '"probability" must be a number from 0 to 1'],
    [{ kind: "reset", operation: [1] }, '"operation" must be an operation name'],
    [{ kind: "reset", operation: "getSecrte" }, 'Fault rule "operation" names no operation: "getSecrte"'],
    [{ kind: "reset", operation: ["getSecret", "setSecrets"] }, 'names no operation: "setSecrets"'],
    [{ kind: "reset", opration: "getSecret" }, 'Fault rule has an unknown key "opration" for kind "reset"'],
    [{ kind: "latency", ms: 5, status: 500 }, 'unknown key "status" for kind "latency"'],
    [{ kind: "status", status: 500, errorCode: 5 }, '"errorCode" must be a string'],
    ["reset", "must be an object"],
  ])("rejects %j", (rule, message) => {
    expect(() => validateFaultRule(rule)).toThrow(message);
  });

  it("parses a faults file as an array or as {faults: [...]}, naming the bad rule", () => {
    expect(parseFaultRules('[{"kind":"reset"}]')).toEqual([{ kind: "reset" }]);
    expect(parseFaultRules('{"faults":[{"kind":"hang","secretName":"x"}]}')).toEqual([
      { kind: "hang", secretName: "x" },
    ]);
    expect(() => parseFaultRules('[{"kind":"reset"},{"kind":"status"}]')).toThrow("Fault rule #2:");
    expect(() => parseFaultRules("{")).toThrow("The faults file is not valid JSON");
    expect(() => parseFaultRules('{"rules":[]}')).toThrow("must hold an array of rules");
  });
});
