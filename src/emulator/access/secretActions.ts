// What each secrets operation needs under each permission model: the access-policy permission (as the
// REST reference states per operation: "This operation requires the secrets/<permission> permission")
// and the RBAC data action (the access-policy-to-RBAC mapping Microsoft publishes), plus whether the
// operation addresses one secret (a role assigned at that secret's scope covers it) or the whole vault.
import type { SecretPermission } from "../protocol/accessTypes.js";
import type { OperationName } from "../protocol/types.js";

/** What one operation needs. */
export interface OperationNeeds {
  /** The access-policy permission. */
  permission: SecretPermission;
  /** The RBAC data action, e.g. `Microsoft.KeyVault/vaults/secrets/getSecret/action`. */
  dataAction: string;
  /** `secret` when the request names one secret (its scope applies), else `vault`. */
  scope: "secret" | "vault";
}

const SECRETS = "Microsoft.KeyVault/vaults/secrets";

/** Every secrets operation's needs (docs/service-behaviour.md#authorization). */
export const OPERATION_NEEDS: Readonly<Record<OperationName, OperationNeeds>> = Object.freeze({
  getSecret: { permission: "get", dataAction: `${SECRETS}/getSecret/action`, scope: "secret" },
  setSecret: { permission: "set", dataAction: `${SECRETS}/setSecret/action`, scope: "secret" },
  updateSecret: { permission: "set", dataAction: `${SECRETS}/update/action`, scope: "secret" },
  deleteSecret: { permission: "delete", dataAction: `${SECRETS}/delete`, scope: "secret" },
  getSecretVersions: { permission: "list", dataAction: `${SECRETS}/readMetadata/action`, scope: "secret" },
  getSecrets: { permission: "list", dataAction: `${SECRETS}/readMetadata/action`, scope: "vault" },
  getDeletedSecrets: { permission: "list", dataAction: `${SECRETS}/readMetadata/action`, scope: "vault" },
  getDeletedSecret: { permission: "list", dataAction: `${SECRETS}/readMetadata/action`, scope: "secret" },
  recoverDeletedSecret: { permission: "recover", dataAction: `${SECRETS}/recover/action`, scope: "secret" },
  purgeDeletedSecret: { permission: "purge", dataAction: `${SECRETS}/purge/action`, scope: "secret" },
  backupSecret: { permission: "backup", dataAction: `${SECRETS}/backup/action`, scope: "secret" },
  // The secret's name is inside the blob, so the request addresses the vault.
  restoreSecret: { permission: "restore", dataAction: `${SECRETS}/restore/action`, scope: "vault" },
});

/** The access-policy permission names, in the portal's order. */
export const SECRET_PERMISSIONS: readonly SecretPermission[] = Object.freeze([
  "get",
  "list",
  "set",
  "delete",
  "backup",
  "restore",
  "recover",
  "purge",
]);
