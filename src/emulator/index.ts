/**
 * A local Azure Key Vault secrets emulator (Node only).
 *
 * @packageDocumentation
 */
export { EmulatorClock } from "./clock.js";
export type { EmulatorRequest, EmulatorResponse, OperationName, TimeSource } from "./types.js";
