import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../../../src/emulator/vault/clock";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore";

function frozenClock(at = Date.UTC(2030, 0, 1)): EmulatorClock {
  const clock = new EmulatorClock();
  clock.freeze(at);
  return clock;
}

describe("VaultStore settings", () => {
  it("defaults to 90 days, no purge protection and no delays", () => {
    expect(defaultVaultSettings).toEqual({
      recoverableDays: 90,
      purgeProtection: false,
      deleteDelayMs: 0,
      recoverDelayMs: 0,
      purgeDelayMs: 0,
    });
    expect(new VaultStore(defaultVaultSettings, frozenClock()).settings).toEqual(defaultVaultSettings);
  });

  it("rejects a retention outside 7–90 days and negative delays with RangeError", () => {
    for (const recoverableDays of [6, 91, 7.5, Number.NaN]) {
      expect(() => new VaultStore({ ...defaultVaultSettings, recoverableDays }, frozenClock())).toThrow(
        RangeError,
      );
    }
    expect(() => new VaultStore({ ...defaultVaultSettings, deleteDelayMs: -1 }, frozenClock())).toThrow(
      RangeError,
    );
    expect(() => new VaultStore({ ...defaultVaultSettings, purgeDelayMs: Infinity }, frozenClock())).toThrow(
      RangeError,
    );
    for (const recoverableDays of [7, 90]) {
      expect(
        new VaultStore({ ...defaultVaultSettings, recoverableDays }, frozenClock()).settings.recoverableDays,
      ).toBe(recoverableDays);
    }
  });
});

describe("VaultStore revision", () => {
  it("increments on every mutation and not on reads", () => {
    const store = new VaultStore(defaultVaultSettings, frozenClock());
    const start = store.revision;
    store.setSecret("a", { value: "1" });
    expect(store.revision).toBe(start + 1);
    store.getVersion("a");
    store.listActive();
    store.sweep();
    expect(store.revision).toBe(start + 1);
    store.updateVersion("a", undefined, { tags: { t: "1" } });
    store.deleteSecret("a");
    store.recoverDeletedSecret("a");
    expect(store.revision).toBe(start + 4);
    store.reset();
    expect(store.revision).toBe(start + 5);
  });

  it("counts a scheduled purge as a mutation", () => {
    const clock = frozenClock();
    const store = new VaultStore({ ...defaultVaultSettings, recoverableDays: 7 }, clock);
    store.setSecret("a", { value: "1" });
    store.deleteSecret("a");
    const before = store.revision;
    clock.advance(7 * 86_400_000);
    store.sweep();
    expect(store.revision).toBe(before + 1);
    expect(store.listDeleted()).toEqual([]);
  });
});

describe("VaultStore snapshot", () => {
  it("purges secrets that fell due while the snapshot was on disk", () => {
    const clock = frozenClock();
    const store = new VaultStore({ ...defaultVaultSettings, recoverableDays: 7 }, clock);
    store.setSecret("overdue", { value: "1" });
    store.deleteSecret("overdue");
    clock.advance(8 * 86_400_000);
    const loaded = new VaultStore(store.settings, clock, store.snapshot());
    expect(loaded.listDeleted()).toHaveLength(1);
    loaded.sweep();
    expect(loaded.listDeleted()).toEqual([]);
  });

  it("round-trips the whole state through JSON, including deletions and the backup key", () => {
    const clock = frozenClock();
    const store = new VaultStore({ ...defaultVaultSettings, purgeDelayMs: 60_000 }, clock);
    store.setSecret("Kept", { value: "k", tags: { a: "b" }, contentType: "text/plain" });
    store.setSecret("Kept", { value: "k2", enabled: false, nbf: 1, exp: 2 });
    store.setSecret("deleted", { value: "d" });
    store.deleteSecret("deleted");
    store.setSecret("purged", { value: "p" });
    store.deleteSecret("purged");
    store.purgeDeletedSecret("purged", "vault");

    const restored = new VaultStore(store.settings, clock, JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.snapshot()).toEqual(store.snapshot());
    expect(restored.backupKey.equals(store.backupKey)).toBe(true);
    expect(restored.getVersion("kept").version.value).toBe("k2");
    expect(restored.getDeleted("DELETED").name).toBe("deleted");
    expect(() => restored.setSecret("purged", { value: "again" })).toThrow(/being deleted/);
    const next = restored.setSecret("kept", { value: "k3" }).version;
    expect(next.sequence).toBeGreaterThan(store.getVersion("kept").version.sequence);
  });

  it("is a deep copy that later mutations do not change", () => {
    const store = new VaultStore(defaultVaultSettings, frozenClock());
    store.setSecret("a", { value: "1", tags: { t: "1" } });
    const snapshot = store.snapshot();
    store.updateVersion("a", undefined, { tags: { t: "2" } });
    store.setSecret("a", { value: "2" });
    expect(snapshot.secrets[0].versions).toHaveLength(1);
    expect(snapshot.secrets[0].versions[0].tags).toEqual({ t: "1" });
    snapshot.secrets[0].name = "changed";
    expect(store.getActive("a").name).toBe("a");
  });

  it("refuses something that is not a schema-1 snapshot", () => {
    const store = new VaultStore(defaultVaultSettings, frozenClock());
    const good = store.snapshot();
    for (const bad of [
      { ...good, schema: 2 },
      { ...good, backupKey: "c2hvcnQ=" },
      { ...good, secrets: {} },
      null,
    ]) {
      expect(() => new VaultStore(defaultVaultSettings, frozenClock(), bad as never)).toThrow(TypeError);
    }
  });

  it("reset empties the vault but keeps settings and the backup key", () => {
    const store = new VaultStore({ ...defaultVaultSettings, purgeProtection: true }, frozenClock());
    const key = Buffer.from(store.backupKey);
    store.setSecret("a", { value: "1" });
    store.reset();
    expect(store.listActive()).toEqual([]);
    expect(store.snapshot().secrets).toEqual([]);
    expect(store.backupKey.equals(key)).toBe(true);
    expect(store.settings.purgeProtection).toBe(true);
  });
});

describe("VaultStore life cycle", () => {
  it("reports each state of the soft-delete life cycle on the clock", () => {
    const clock = frozenClock();
    const store = new VaultStore(
      { ...defaultVaultSettings, deleteDelayMs: 1_000, recoverDelayMs: 2_000 },
      clock,
    );
    const { record } = store.setSecret("life", { value: "1" });
    expect(store.stateOf(record)).toBe("active");
    store.deleteSecret("life");
    expect(store.stateOf(record)).toBe("deleting");
    clock.advance(1_000);
    expect(store.stateOf(record)).toBe("deleted");
    store.recoverDeletedSecret("life");
    expect(store.stateOf(record)).toBe("recovering");
    clock.advance(2_000);
    expect(store.stateOf(record)).toBe("active");
  });
});
