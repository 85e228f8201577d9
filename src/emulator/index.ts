/**
 * A local Azure Key Vault secrets emulator (Node only): an HTTPS server with a managed-identity endpoint
 * ({@link startEmulator}) and an in-process `HttpClient` ({@link createEmulatorHttpClient}).
 *
 * @packageDocumentation
 */
export { EmulatorClock } from "./vault/clock.js";
export { startEmulator } from "./server.js";
export { EmulatorCredential } from "./identity/credential.js";
export type { EmulatorIdentity, EmulatorIdentityDefinition } from "./identity/identities.js";
export type { EmulatorAccess, EmulatorRoleAssignment } from "./access/accessControl.js";
export type {
  AccessPolicyDefinition,
  BuiltInSecretsRole,
  PermissionModel,
  RoleAssignmentDefinition,
  SecretPermission,
  VaultAccessPolicy,
  VaultAuthorization,
  VaultRoleAssignment,
} from "./protocol/accessTypes.js";
export type { EmulatorClientOptions, RunningEmulator } from "./server.js";
export { createEmulatorHttpClient } from "./emulatorHttpClient.js";
export type { EmulatorHttpClient } from "./emulatorHttpClient.js";
export { EmulatorAbortError } from "./inProcessHttpClient.js";
export type {
  EmulatorCoreOptions,
  EmulatorHttpClientOptions,
  EmulatorLogger,
  EmulatorOptions,
} from "./options.js";
export {
  DEFAULT_IN_PROCESS_VAULT_URL,
  DEFAULT_TENANT_ID,
  REALISTIC_ROLE_ASSIGNMENT_DELAY_MS,
  REALISTIC_WINDOWS_MS,
} from "./options.js";
export type { ThrottleLimits } from "./transport/throttle.js";
export { SERVICE_THROTTLE_LIMITS } from "./transport/throttle.js";
export type { EmulatorVault, EmulatorVaults } from "./vault/emulatorVaults.js";
export type { VaultDefinition } from "./vault/vaultRegistry.js";
export type { VaultSettings } from "./vault/vaultSettings.js";
export type {
  EmulatorFaults,
  FaultAction,
  FaultKind,
  FaultMatch,
  FaultRule,
  FiredFault,
  RegisteredFault,
} from "./faults/faults.js";
export { parseFaultRules } from "./faults/faults.js";
export type { EmulatorJournal, JournalEntry } from "./transport/journal.js";
export type { EmulatorEvents, EmulatorEventListener } from "./events/eventPublisher.js";
export type {
  CloudEvent,
  EventGridEvent,
  EventSchema,
  KeyVaultSecretEventData,
  SecretEventType,
} from "./events/eventShapes.js";
export type { EventWebhook, RunningEmulatorEvents } from "./events/webhook.js";
export { DataFileError } from "./persistence/dataFile.js";
export type { EmulatorRequest, EmulatorResponse, OperationName, TimeSource } from "./protocol/types.js";
