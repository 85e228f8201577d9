/**
 * The Jest `globalTeardown` of `keyvault-secrets-client/testing`: stops the emulator its `jest-setup`
 * started.
 *
 * @packageDocumentation
 */
import { CONNECTION_VARIABLE } from "./connection.js";
import { RUN_WIDE_EMULATOR } from "./jestGlobalSetup.js";
import type { RunWideEmulator } from "./runWideEmulator.js";

/** Stops the run-wide emulator, if the global setup started one. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { [RUN_WIDE_EMULATOR]?: RunWideEmulator };
  const running = holder[RUN_WIDE_EMULATOR];
  delete holder[RUN_WIDE_EMULATOR];
  delete process.env[CONNECTION_VARIABLE];
  await running?.stop();
}
