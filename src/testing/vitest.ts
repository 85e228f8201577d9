/**
 * The Vitest global setup of `keyvault-secrets-client/testing`: one HTTPS emulator for the run, handed to
 * the workers with `provide`, where `useVault()` finds it with `inject`.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ["keyvault-secrets-client/testing/vitest"] } });
 * ```
 *
 * @packageDocumentation
 */
import { PROVIDE_KEY } from "./connection.js";
import { startRunWideEmulator, type HarnessEmulatorOptions } from "./runWideEmulator.js";

/** The part of Vitest's `TestProject` a global setup uses. */
export interface VitestGlobalSetupContext {
  provide(key: string, value: unknown): void;
}

/**
 * A Vitest global setup starting the run-wide emulator with `options` (e.g. `{ identities: ["reader"] }`);
 * export it as the default of your own global setup file.
 */
export function createGlobalSetup(
  options: HarnessEmulatorOptions = {},
): (project: VitestGlobalSetupContext) => Promise<() => Promise<void>> {
  return async (project) => {
    const { connection, stop } = await startRunWideEmulator(options);
    project.provide(PROVIDE_KEY, connection);
    return stop;
  };
}

/** The global setup with the emulator's defaults (no named identities). */
export default createGlobalSetup();
