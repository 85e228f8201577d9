// What Azure answers in the permission matrix, written out independently of the emulator's tables: the
// statuses per operation (from the built-in roles' data actions and the REST reference's "requires the
// secrets/<permission> permission" notes) and the two 403 texts of docs/service-behaviour.md#authorization.
import { COLUMNS, OPERATIONS, type MatrixAnswer, type MatrixColumn } from "./probe.mjs";

/** One observed (or expected) answer. */
export type Answer = MatrixAnswer;
type Column = MatrixColumn;

// Columns: Administrator, Secrets Officer, Secrets User, Reader, no role, then policies get, list, set,
// delete, backup, restore, recover, purge, none. 2xx is the operation's success status.
// prettier-ignore
const TABLE: Record<string, number[]> = {
  getSecret:            [200, 200, 200, 403, 403,   200, 403, 403, 403, 403, 403, 403, 403, 403],
  setSecret:            [200, 200, 403, 403, 403,   403, 403, 200, 403, 403, 403, 403, 403, 403],
  updateSecret:         [200, 200, 403, 403, 403,   403, 403, 200, 403, 403, 403, 403, 403, 403],
  deleteSecret:         [200, 200, 403, 403, 403,   403, 403, 403, 200, 403, 403, 403, 403, 403],
  getSecrets:           [200, 200, 200, 200, 403,   403, 200, 403, 403, 403, 403, 403, 403, 403],
  getSecretVersions:    [200, 200, 200, 200, 403,   403, 200, 403, 403, 403, 403, 403, 403, 403],
  getDeletedSecrets:    [200, 200, 200, 200, 403,   403, 200, 403, 403, 403, 403, 403, 403, 403],
  getDeletedSecret:     [200, 200, 200, 200, 403,   403, 200, 403, 403, 403, 403, 403, 403, 403],
  recoverDeletedSecret: [200, 200, 403, 403, 403,   403, 403, 403, 403, 403, 403, 200, 403, 403],
  purgeDeletedSecret:   [204, 204, 403, 403, 403,   403, 403, 403, 403, 403, 403, 403, 204, 403],
  backupSecret:         [200, 200, 403, 403, 403,   403, 403, 403, 403, 200, 403, 403, 403, 403],
  restoreSecret:        [200, 200, 403, 403, 403,   403, 403, 403, 403, 403, 200, 403, 403, 403],
};

/** The expected statuses, in runMatrix's shape. */
export function expectedMatrix(): Record<string, Record<string, Answer>> {
  return Object.fromEntries(
    COLUMNS.map((column, index) => [
      column.label,
      Object.fromEntries(OPERATIONS.map((operation) => [operation, { status: TABLE[operation]![index]! }])),
    ]),
  );
}

const ACTION: Record<string, string> = {
  getSecret: "getSecret/action",
  setSecret: "setSecret/action",
  updateSecret: "update/action",
  deleteSecret: "delete",
  getSecrets: "readMetadata/action",
  getSecretVersions: "readMetadata/action",
  getDeletedSecrets: "readMetadata/action",
  getDeletedSecret: "readMetadata/action",
  recoverDeletedSecret: "recover/action",
  purgeDeletedSecret: "purge/action",
  backupSecret: "backup/action",
  restoreSecret: "restore/action",
};
const PERMISSION: Record<string, string> = {
  getSecret: "get",
  setSecret: "set",
  updateSecret: "set",
  deleteSecret: "delete",
  getSecrets: "list",
  getSecretVersions: "list",
  getDeletedSecrets: "list",
  getDeletedSecret: "list",
  recoverDeletedSecret: "recover",
  purgeDeletedSecret: "purge",
  backupSecret: "backup",
  restoreSecret: "restore",
};
/** The secret each probe operation names (probe.mjs), for the RBAC Resource line; none for vault-wide ones. */
const SECRET: Record<string, string | undefined> = {
  getSecret: "live",
  setSecret: "live",
  updateSecret: "live",
  deleteSecret: "doomed",
  getSecretVersions: "live",
  getDeletedSecret: "gone",
  recoverDeletedSecret: "gone-r",
  purgeDeletedSecret: "gone-p",
  backupSecret: "live",
};

/** The service's 403 for a denied probe operation in `column`'s vault. */
export function expectedForbidden(
  column: Column,
  operation: string,
  caller: { appid: string; oid: string; tenantId: string },
  prefix = "",
): Omit<Answer, "status"> {
  const who = `appid=${caller.appid};oid=${caller.oid};iss=https://sts.windows.net/${caller.tenantId}/`;
  if (column.permissions) {
    return {
      code: "Forbidden",
      innerCode: "AccessDenied",
      message:
        `The user, group or application '${who}' does not have secrets ${PERMISSION[operation]} permission on key vault` +
        ` '${column.vault};location=local'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    };
  }
  const secret = SECRET[operation];
  const resource =
    `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/keyvault-emulator/providers/microsoft.keyvault/vaults/${column.vault}` +
    (secret === undefined ? "" : `/secrets/${prefix}${secret}`);
  return {
    code: "Forbidden",
    innerCode: "ForbiddenByRbac",
    message:
      "Caller is not authorized to perform action on resource.\r\n" +
      "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
      `Caller: ${who}\r\n` +
      `Action: 'Microsoft.KeyVault/vaults/secrets/${ACTION[operation]}'\r\n` +
      `Resource: '${resource}'\r\n` +
      "Assignment: (not found)\r\n" +
      "DenyAssignmentId: null\r\n" +
      "DecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
      `Vault: ${column.vault};location=local\r\n`,
  };
}
