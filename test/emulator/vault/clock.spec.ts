import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../../../src/emulator/vault/clock";

describe("EmulatorClock", () => {
  it("follows real time until frozen", () => {
    const clock = new EmulatorClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    expect(clock.isFrozen).toBe(false);
  });

  it("stands still when frozen and moves only when advanced", () => {
    const clock = new EmulatorClock();
    clock.freeze(1_700_000_000_000);
    expect(clock.now()).toBe(1_700_000_000_000);
    clock.advance(90 * 86_400_000);
    expect(clock.now()).toBe(1_700_000_000_000 + 90 * 86_400_000);
  });

  it("keeps its offset when unfrozen and can be set to an absolute time", () => {
    const clock = new EmulatorClock();
    clock.set(new Date("2030-01-01T00:00:00Z"));
    expect(Math.abs(clock.now() - Date.parse("2030-01-01T00:00:00Z"))).toBeLessThan(50);
    clock.freeze();
    const frozen = clock.now();
    clock.unfreeze();
    expect(clock.now() - frozen).toBeGreaterThanOrEqual(0);
    expect(clock.now() - frozen).toBeLessThan(50);
    clock.reset();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
  });

  it("rejects non-finite shifts", () => {
    expect(() => new EmulatorClock().advance(Number.NaN)).toThrow(RangeError);
    expect(() => new EmulatorClock().set(new Date("nope"))).toThrow(RangeError);
  });
});
