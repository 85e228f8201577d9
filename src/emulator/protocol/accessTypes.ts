// The words of Key Vault's two permission models as users write them: the built-in secrets roles of
// Azure RBAC and the secret permissions of vault access policies (docs/service-behaviour.md#authorization).
// Plain data: vault definitions (vault/), options and the authorization logic (access/) all share them.

/** The built-in Azure roles that grant Key Vault secrets data actions, by their real names. */
export type BuiltInSecretsRole =
  "Key Vault Administrator" | "Key Vault Secrets Officer" | "Key Vault Secrets User" | "Key Vault Reader";

/** The secret permissions of a vault access policy, by their real names. */
export type SecretPermission = "get" | "list" | "set" | "delete" | "backup" | "restore" | "recover" | "purge";

/** Which permission model a vault uses. */
export type PermissionModel = "rbac" | "accessPolicies";

/** A role assignment within one vault's definition. */
export interface VaultRoleAssignment {
  /** The role's real name, e.g. "Key Vault Secrets User". */
  role: BuiltInSecretsRole;
  /** The name of an emulator identity (option `identities`). */
  identity: string;
  /**
   * Narrows the scope to one secret (`/secrets/<name>` in Azure); the whole vault when absent.
   * @default undefined
   */
  secret?: string;
}

/** An access policy within one vault's definition: the identity's secret permissions. */
export interface VaultAccessPolicy {
  /** The name of an emulator identity (option `identities`). */
  identity: string;
  /** Its secret permissions, e.g. `["get", "list"]`. */
  permissions: readonly SecretPermission[];
}

/**
 * How a vault authorizes named identities. A vault with none of these fields lets every token do
 * anything (as before identities existed); the default identity is allowed everything in every vault.
 */
export interface VaultAuthorization {
  /**
   * The permission model; implied by `roleAssignments` (RBAC) or `accessPolicies`.
   * @default undefined (no authorization), "rbac" with roleAssignments, "accessPolicies" with accessPolicies
   */
  permissionModel?: PermissionModel;
  /**
   * Role assignments (RBAC vaults), in effect from the start.
   * @default []
   */
  roleAssignments?: readonly VaultRoleAssignment[];
  /**
   * Access policies (access-policy vaults).
   * @default []
   */
  accessPolicies?: readonly VaultAccessPolicy[];
}

/** A role assignment naming its vault: option `roleAssignments`, `emulator.access.assignRole()`. */
export interface RoleAssignmentDefinition extends VaultRoleAssignment {
  /**
   * The vault name.
   * @default the default vault
   */
  vault?: string;
}

/** An access policy naming its vault: option `accessPolicies`, `emulator.access.setAccessPolicy()`. */
export interface AccessPolicyDefinition extends VaultAccessPolicy {
  /**
   * The vault name.
   * @default the default vault
   */
  vault?: string;
}
