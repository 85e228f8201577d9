/**
 * The Jest `globalSetup` of `keyvault-secrets-client/testing`: starts one HTTPS emulator for the run and
 * hands its connection to the workers in the `KEYVAULT_TESTING_CONNECTION` environment variable (Jest
 * starts its workers after the global setup, with its environment). Pair it with
 * `keyvault-secrets-client/testing/jest-teardown`.
 *
 * @example
 * ```js
 * // jest.config.js
 * module.exports = {
 *   globalSetup: "keyvault-secrets-client/testing/jest-setup",
 *   globalTeardown: "keyvault-secrets-client/testing/jest-teardown",
 * };
 * ```
 *
 * @packageDocumentation
 */
import { CONNECTION_VARIABLE } from "./connection.js";
import {
  startRunWideEmulator,
  type HarnessEmulatorOptions,
  type RunWideEmulator,
} from "./runWideEmulator.js";

/** Where the setup leaves the emulator for the teardown (both run in Jest's main process). */
export const RUN_WIDE_EMULATOR = Symbol.for("keyvault-secrets-client/testing/run-wide-emulator");

/**
 * A Jest global setup starting the run-wide emulator with `options` (e.g. `{ identities: ["reader"] }`);
 * export it from your own global setup file.
 */
export function createGlobalSetup(options: HarnessEmulatorOptions = {}): () => Promise<void> {
  return async () => {
    const running = await startRunWideEmulator(options);
    (globalThis as { [RUN_WIDE_EMULATOR]?: RunWideEmulator })[RUN_WIDE_EMULATOR] = running;
    process.env[CONNECTION_VARIABLE] = JSON.stringify(running.connection);
  };
}

/** The global setup with the emulator's defaults (no named identities). */
export default createGlobalSetup();
