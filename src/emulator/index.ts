/**
 * A local Azure Key Vault secrets emulator (Node only): an HTTPS server with a managed-identity endpoint
 * ({@link startEmulator}) and an in-process `HttpClient` ({@link createEmulatorHttpClient}).
 *
 * @packageDocumentation
 */
export { EmulatorClock } from "./clock.js";
export { startEmulator } from "./server.js";
export { EmulatorCredential } from "./credential.js";
export type { EmulatorClientOptions, RunningEmulator } from "./server.js";
export { createEmulatorHttpClient, EmulatorAbortError } from "./inProcessHttpClient.js";
export type { EmulatorHttpClient } from "./inProcessHttpClient.js";
export type {
  EmulatorCoreOptions,
  EmulatorHttpClientOptions,
  EmulatorLogger,
  EmulatorOptions,
} from "./options.js";
export { DEFAULT_IN_PROCESS_VAULT_URL, DEFAULT_TENANT_ID } from "./options.js";
export type {
  EmulatorFaults,
  FaultAction,
  FaultKind,
  FaultMatch,
  FaultRule,
  FiredFault,
  RegisteredFault,
} from "./faults.js";
export { parseFaultRules } from "./faults.js";
export type { EmulatorJournal, JournalEntry } from "./journal.js";
export { DataFileError } from "./persistence.js";
export type { EmulatorRequest, EmulatorResponse, OperationName, TimeSource } from "./types.js";
