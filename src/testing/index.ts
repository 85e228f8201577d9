/**
 * A test harness for code that uses Key Vault secrets (Node only): `useVault()` gives each test file (or
 * test) a fresh, isolated vault on the emulator, over HTTPS when the Vitest or Jest global setup started a
 * run-wide emulator (`keyvault-secrets-client/testing/vitest`, `…/jest-setup` + `…/jest-teardown`), in
 * process otherwise. The functions below act on the newest vault `useVault()` opened in the test file.
 *
 * @packageDocumentation
 */
import type { TokenCredential } from "@azure/core-auth";
import type { FaultRule, JournalEntry } from "../emulator/index.js";
import type { KeyVaultSecret } from "../index.js";
import type { SeedFixture } from "./fixtures.js";
import type { RequestFilter } from "./requests.js";
import { currentVault, type TestClock, type TestFaults } from "./testVault.js";

export { useVault } from "./testVault.js";
export type { TestClock, TestFaults, TestVault, UseVaultOptions } from "./testVault.js";
export type { FixtureSecret, SeedFixture } from "./fixtures.js";
export type { RequestFilter } from "./requests.js";
export type { TestVaultDefinition } from "./vaultControl.js";
export type { HarnessEmulatorOptions, RunWideEmulator } from "./runWideEmulator.js";
export { startRunWideEmulator } from "./runWideEmulator.js";
export type { HarnessConnection } from "./connection.js";

/** Writes the secrets of a JSON or .env fixture (a path, or the object) into the current test vault. */
export function seed(fixture: string | SeedFixture): Promise<KeyVaultSecret[]> {
  return currentVault().seed(fixture);
}

/** Empties the current test vault, removes its fault rules and starts `requests()` afresh. */
export function reset(): Promise<void> {
  return currentVault().reset();
}

/** A `TokenCredential` of a named emulator identity, for a client of the current test vault. */
export function asIdentity(name: string): TokenCredential {
  return currentVault().asIdentity(name);
}

/**
 * The requests the current test vault answered (since it was opened, reset or seeded) that match `filter`;
 * with `filter.count`, an Error listing every request when the number differs.
 */
export function requests(filter: RequestFilter = {}): Promise<JournalEntry[]> {
  return currentVault().requests(filter);
}

/** The emulator clock of the current test vault. */
export const clock: TestClock = {
  advance: (ms) => currentVault().clock.advance(ms),
  now: () => currentVault().clock.now(),
};

/** Fault rules aimed at the current test vault. */
export const faults: TestFaults = {
  add: (rule: FaultRule) => currentVault().faults.add(rule),
  remove: (id) => currentVault().faults.remove(id),
};
