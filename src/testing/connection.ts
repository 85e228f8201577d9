// How test workers reach the run-wide emulator the global setup started: Vitest hands the connection over
// with provide/inject, Jest through an environment variable (its workers are started after its global setup
// and inherit the environment).
import type { EmulatorIdentity } from "../emulator/index.js";

/** What a worker needs to use the run-wide emulator (plain data: it crosses processes). */
export interface HarnessConnection {
  /** The CA certificate (PEM) the emulator's HTTPS certificate chains to. */
  caCertificate: string;
  /** The managed-identity endpoint (App Service protocol), e.g. `http://127.0.0.1:40123/msi/token`. */
  identityEndpoint: string;
  /** The secret the identity endpoint expects in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  /** The named identities and their ids. */
  identities: Record<string, EmulatorIdentity>;
  /** The control server's URL and token (controlChannel.ts). */
  controlUrl: string;
  controlToken: string;
}

/** The key of the connection in Vitest's provide/inject. */
export const PROVIDE_KEY = "keyvault-secrets-client/testing";
/** The environment variable holding the connection (JSON) for Jest workers. */
export const CONNECTION_VARIABLE = "KEYVAULT_TESTING_CONNECTION";

const VITEST = "vitest";

/**
 * Vitest's module. A variable specifier keeps tsc from resolving Vitest's types (an optional peer). tsc's
 * CommonJS output turns the import() into a require(), which Vitest refuses ("cannot be imported in a
 * CommonJS module"): then a Function that holds a real import() is used instead.
 */
async function importVitest(): Promise<{ inject(key: string): unknown }> {
  try {
    return (await import(VITEST)) as { inject(key: string): unknown };
  } catch {
    const importModule = new Function("specifier", "return import(specifier)") as (
      specifier: string,
    ) => Promise<{ inject(key: string): unknown }>;
    return importModule(VITEST);
  }
}

/** The run-wide emulator's connection, when a global setup started one; `undefined` otherwise. */
export async function findConnection(): Promise<HarnessConnection | undefined> {
  if (process.env["VITEST"]) {
    const { inject } = await importVitest();
    const provided = inject(PROVIDE_KEY) as HarnessConnection | undefined;
    if (provided) return provided;
  }
  const variable = process.env[CONNECTION_VARIABLE];
  return variable ? (JSON.parse(variable) as HarnessConnection) : undefined;
}
