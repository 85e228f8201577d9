// Per-vault authorization of named identities: Azure RBAC (role assignments at the vault or at one
// secret, new ones in effect after a propagation delay on the emulator clock) or vault access policies.
// A vault with neither lets everything through, and the default identity is never checked, so nothing
// changes for users who name no identities.
import { randomUUID } from "node:crypto";
import { DEFAULT_IDENTITY, type IdentityDirectory } from "../identity/identities.js";
import type {
  AccessPolicyDefinition,
  BuiltInSecretsRole,
  PermissionModel,
  RoleAssignmentDefinition,
  SecretPermission,
  VaultAuthorization,
} from "../protocol/accessTypes.js";
import type { ServiceError } from "../protocol/serviceErrors.js";
import type { OperationName, TimeSource } from "../protocol/types.js";
import { parseAccessPolicySpec, parseRoleSpec } from "./accessSpecs.js";
import { ROLE_NAMES, roleGrants } from "./builtInRoles.js";
import { accessDenied, forbiddenByRbac, resourceId, type Caller } from "./forbidden.js";
import { OPERATION_NEEDS, SECRET_PERMISSIONS } from "./secretActions.js";

/** A role assignment as `emulator.access.roleAssignments()` lists it. */
export interface EmulatorRoleAssignment {
  /** The assignment id (sent back in `x-ms-keyvault-rbac-assignment-id` on the requests it allows). */
  readonly id: string;
  readonly role: BuiltInSecretsRole;
  /** The identity's name. */
  readonly identity: string;
  /** The vault name. */
  readonly vault: string;
  /** The secret it is scoped to, when not the whole vault. */
  readonly secret?: string;
  /** Emulator-clock milliseconds from which it is in effect (`-Infinity` for those given at start). */
  readonly effectiveFrom: number;
}

/** Changes authorization while the emulator runs: `emulator.access`. */
export interface EmulatorAccess {
  /**
   * Assigns a role (`{ role, identity, vault?, secret? }` or `"ROLE=IDENTITY@VAULT[/secrets/NAME]"`) and
   * returns its id. The vault becomes an RBAC vault if it used no model. The assignment is in effect after
   * `roleAssignmentDelayMs` on the emulator clock, like Azure's propagation. TypeError for an unknown role,
   * identity or vault, or a vault using access policies.
   */
  assignRole(assignment: string | RoleAssignmentDefinition): string;
  /** Removes a role assignment at once; `false` when there is none with that id. */
  removeRoleAssignment(id: string): boolean;
  /**
   * Sets an identity's access policy (`{ identity, vault?, permissions }` or `"IDENTITY@VAULT=get,list"`),
   * replacing its earlier one, in effect at once. The vault becomes an access-policy vault if it used no
   * model. TypeError for an unknown permission, identity or vault, or an RBAC vault.
   */
  setAccessPolicy(policy: string | AccessPolicyDefinition): void;
  /** The role assignments, oldest first. */
  roleAssignments(): EmulatorRoleAssignment[];
  /** The permission model of a vault (the default vault when absent); `undefined` when it has none. */
  permissionModel(vault?: string): PermissionModel | undefined;
}

/** The outcome of one authorization check. */
export type AccessDecision =
  | { allowed: true; /** The RBAC assignment that allowed it. */ assignmentId?: string }
  | { allowed: false; error: ServiceError };

/** What an AccessControl works with. */
export interface AccessControlParts {
  identities: IdentityDirectory;
  clock: TimeSource;
  /** The default vault's name (specs and definitions without a vault name it). */
  defaultVault: string;
  /** Whether a vault exists (assignments to unknown vaults are refused). */
  hasVault(name: string): boolean;
  /** How long a role assignment made while running takes to be in effect. */
  roleAssignmentDelayMs: number;
}

/** The start-time authorization options (EmulatorCoreOptions). */
export interface AccessOptions {
  rbacVaults?: readonly string[];
  roleAssignments?: readonly (string | RoleAssignmentDefinition)[];
  accessPolicies?: readonly (string | AccessPolicyDefinition)[];
}

type StoredAssignment = EmulatorRoleAssignment & { objectId: string };

/** The authorization state of every vault of one emulator. */
export class AccessControl implements EmulatorAccess {
  private readonly rules = new Map<
    string,
    { model: PermissionModel; policies: Map<string, ReadonlySet<SecretPermission>> }
  >();
  private readonly assignments: StoredAssignment[] = [];

  constructor(private readonly parts: AccessControlParts) {}

  /** Applies start-time options; their role assignments are in effect at once. */
  configure(options: AccessOptions): void {
    for (const vault of options.rbacVaults ?? []) this.useModel(this.vaultName(vault), "rbac");
    for (const spec of options.roleAssignments ?? []) this.addAssignment(spec, -Infinity);
    for (const spec of options.accessPolicies ?? []) this.setAccessPolicy(spec);
  }

  /** Applies the authorization fields of a vault definition (at start, or when a vault is created). */
  defineVault(name: string, authorization: VaultAuthorization): void {
    const { permissionModel, roleAssignments = [], accessPolicies = [] } = authorization;
    if (roleAssignments.length && accessPolicies.length) {
      throw new TypeError(
        `vault "${name}" has both roleAssignments and accessPolicies; a vault uses one model`,
      );
    }
    const model =
      permissionModel ??
      (roleAssignments.length ? "rbac" : accessPolicies.length ? "accessPolicies" : undefined);
    if (model === undefined) return;
    if (model !== "rbac" && model !== "accessPolicies") {
      throw new TypeError(
        `vault "${name}": permissionModel is "rbac" or "accessPolicies" (got ${JSON.stringify(model)})`,
      );
    }
    this.useModel(name, model);
    for (const assignment of roleAssignments) this.addAssignment({ ...assignment, vault: name }, -Infinity);
    for (const policy of accessPolicies) this.setAccessPolicy({ ...policy, vault: name });
  }

  /** Forgets a deleted vault's rules (a vault created later under the name starts open). */
  forgetVault(name: string): void {
    const key = name.toLowerCase();
    this.rules.delete(key);
    for (let i = this.assignments.length - 1; i >= 0; i--)
      if (this.assignments[i]!.vault === key) this.assignments.splice(i, 1);
  }

  assignRole(assignment: string | RoleAssignmentDefinition): string {
    return this.addAssignment(assignment, this.parts.clock.now() + this.parts.roleAssignmentDelayMs);
  }

  removeRoleAssignment(id: string): boolean {
    const index = this.assignments.findIndex((assignment) => assignment.id === id);
    if (index < 0) return false;
    this.assignments.splice(index, 1);
    return true;
  }

  setAccessPolicy(policy: string | AccessPolicyDefinition): void {
    const definition = typeof policy === "string" ? parseAccessPolicySpec(policy) : policy;
    const vault = this.vaultName(definition.vault);
    const identity = this.parts.identities.named(definition.identity);
    if (!Array.isArray(definition.permissions)) {
      throw new TypeError(`access policy of "${definition.identity}": permissions must be an array`);
    }
    const permissions = new Set<SecretPermission>();
    for (const given of definition.permissions) {
      const permission = String(given).toLowerCase() as SecretPermission;
      if (!SECRET_PERMISSIONS.includes(permission)) {
        throw new TypeError(
          `access policy of "${definition.identity}": unknown secret permission "${String(given)}" (known: ${SECRET_PERMISSIONS.join(", ")})`,
        );
      }
      permissions.add(permission);
    }
    this.useModel(vault, "accessPolicies").policies.set(identity.objectId, permissions);
  }

  roleAssignments(): EmulatorRoleAssignment[] {
    return this.assignments.map(({ objectId: _objectId, ...assignment }) => ({ ...assignment }));
  }

  permissionModel(vault?: string): PermissionModel | undefined {
    return this.rules.get((vault ?? this.parts.defaultVault).toLowerCase())?.model;
  }

  /** Whether `vault` (lower case) uses a permission model at all (else every request passes). */
  governs(vault: string): boolean {
    return this.rules.has(vault);
  }

  /**
   * Decides whether the token's principal may run `operation` in `vault`. Requests no operation matched
   * (the handler answers them) and the default identity are always allowed.
   */
  authorize(
    vault: string,
    caller: Caller,
    operation: OperationName | undefined,
    secretName?: string,
  ): AccessDecision {
    const rules = this.rules.get(vault);
    if (!rules || operation === undefined || caller.oid === DEFAULT_IDENTITY.objectId)
      return { allowed: true };
    const needs = OPERATION_NEEDS[operation];
    const secret = needs.scope === "secret" ? secretName : undefined;
    if (rules.model === "accessPolicies") {
      if (rules.policies.get(caller.oid)?.has(needs.permission)) return { allowed: true };
      return { allowed: false, error: accessDenied(caller, needs.permission, vault) };
    }
    const now = this.parts.clock.now();
    const granting = this.assignments.find(
      (assignment) =>
        assignment.vault === vault &&
        assignment.objectId === caller.oid &&
        assignment.effectiveFrom <= now &&
        (assignment.secret === undefined || assignment.secret === secret?.toLowerCase()) &&
        roleGrants(assignment.role, needs.dataAction),
    );
    if (granting) return { allowed: true, assignmentId: granting.id };
    return {
      allowed: false,
      error: forbiddenByRbac(caller, needs.dataAction, resourceId(vault, secret), vault),
    };
  }

  private addAssignment(spec: string | RoleAssignmentDefinition, effectiveFrom: number): string {
    const definition = typeof spec === "string" ? parseRoleSpec(spec) : spec;
    const role = ROLE_NAMES.find((name) => name.toLowerCase() === String(definition.role).toLowerCase());
    if (!role) {
      throw new TypeError(
        `unknown role "${String(definition.role)}" (the built-in secrets roles: ${ROLE_NAMES.join(", ")})`,
      );
    }
    const vault = this.vaultName(definition.vault);
    const identity = this.parts.identities.named(definition.identity);
    this.useModel(vault, "rbac");
    const secret = definition.secret?.toLowerCase();
    const id = randomUUID();
    this.assignments.push({
      id,
      role,
      identity: identity.name!,
      objectId: identity.objectId,
      vault,
      ...(secret === undefined ? {} : { secret }),
      effectiveFrom,
    });
    return id;
  }

  private vaultName(given: string | undefined): string {
    const name = (given ?? this.parts.defaultVault).toLowerCase();
    if (!this.parts.hasVault(name)) throw new TypeError(`No vault named "${given}" to authorize in`);
    return name;
  }

  private useModel(vault: string, model: PermissionModel) {
    let rules = this.rules.get(vault);
    if (!rules) {
      rules = { model, policies: new Map() };
      this.rules.set(vault, rules);
    } else if (rules.model !== model) {
      const uses = rules.model === "rbac" ? "Azure RBAC (role assignments)" : "access policies";
      throw new TypeError(
        `vault "${vault}" uses ${uses}; it cannot also use ${model === "rbac" ? "role assignments" : "access policies"}`,
      );
    }
    return rules;
  }
}
