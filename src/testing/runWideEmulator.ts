// The run-wide emulator of the Vitest and Jest global setups: one HTTPS emulator for the whole test run,
// plus the control server through which workers manage their vaults on it.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../emulator/index.js";
import type { HarnessConnection } from "./connection.js";
import { startControlServer } from "./controlChannel.js";
import { controlEmulator } from "./vaultControl.js";

/** Options of the global setups: the emulator's (`identities`, `realistic`, `vaults`, …), HTTPS only. */
export type HarnessEmulatorOptions = Omit<EmulatorOptions, "http" | "dataFile">;

/** A started run-wide emulator. */
export interface RunWideEmulator {
  /** The emulator itself (for a global setup that wants more than the harness gives workers). */
  readonly emulator: RunningEmulator;
  /** What workers need to reach it. */
  readonly connection: HarnessConnection;
  /** Stops the control server and the emulator. */
  stop(): Promise<void>;
}

/** Starts the HTTPS emulator of a test run and its control server. */
export async function startRunWideEmulator(options: HarnessEmulatorOptions = {}): Promise<RunWideEmulator> {
  const emulator = await startEmulator(options);
  try {
    const control = await startControlServer(controlEmulator(emulator));
    return {
      emulator,
      connection: {
        caCertificate: emulator.caCertificate!,
        identityEndpoint: emulator.identityEndpoint,
        identityHeader: emulator.identityHeader,
        identities: { ...emulator.identities },
        controlUrl: control.url,
        controlToken: control.token,
      },
      async stop() {
        await control.close();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
