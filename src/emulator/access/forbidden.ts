// The service's two authorization 403s, verbatim in shape (docs/service-behaviour.md#authorization):
// RBAC's multi-line ForbiddenByRbac (lines joined by \r\n, trailing \r\n included, as captured) and the
// access-policy AccessDenied. Only ids, names and actions appear: never a value or a token.
import { ServiceError, emulatorRegion } from "../protocol/serviceErrors.js";

/** The subscription the emulator's vaults live in, as resource ids name it. */
export const EMULATOR_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
/** The resource group the emulator's vaults live in. */
export const EMULATOR_RESOURCE_GROUP = "keyvault-emulator";

/** The principal a denied token names: `appid=…;oid=…;iss=…`, as the service writes it. */
export interface Caller {
  appid: string;
  oid: string;
  iss: string;
}

function callerText(caller: Caller): string {
  return `appid=${caller.appid};oid=${caller.oid};iss=${caller.iss}`;
}

/** The Azure resource id of a vault or of one of its secrets (lower-case path, as the service writes it). */
export function resourceId(vault: string, secret?: string): string {
  const id = `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourcegroups/${EMULATOR_RESOURCE_GROUP}/providers/microsoft.keyvault/vaults/${vault}`;
  return secret === undefined ? id : `${id}/secrets/${secret}`;
}

/** 403 Forbidden / ForbiddenByRbac: no role assignment in effect grants `action` on `resource`. */
export function forbiddenByRbac(
  caller: Caller,
  action: string,
  resource: string,
  vault: string,
): ServiceError {
  const message = [
    "Caller is not authorized to perform action on resource.",
    "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.",
    `Caller: ${callerText(caller)}`,
    `Action: '${action}'`,
    `Resource: '${resource}'`,
    "Assignment: (not found)",
    "DenyAssignmentId: null",
    "DecisionReason: 'DeniedWithNoValidRBAC' ",
    `Vault: ${vault};location=${emulatorRegion}`,
    "",
  ].join("\r\n");
  return new ServiceError(403, "Forbidden", message, "ForbiddenByRbac");
}

/** 403 Forbidden / AccessDenied: the caller's access policy lacks `permission` (or it has none). */
export function accessDenied(caller: Caller, permission: string, vault: string): ServiceError {
  return new ServiceError(
    403,
    "Forbidden",
    `The user, group or application '${callerText(caller)}' does not have secrets ${permission} permission` +
      ` on key vault '${vault};location=${emulatorRegion}'. For help resolving this issue, please see` +
      " https://go.microsoft.com/fwlink/?linkid=2125287",
    "AccessDenied",
  );
}
