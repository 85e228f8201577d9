// The built-in Azure roles that grant Key Vault secrets data actions, with their real role definition
// ids and data actions (Azure built-in roles reference), and Azure's wildcard matching of data actions.
import type { BuiltInSecretsRole } from "../protocol/accessTypes.js";

/** One built-in role. */
export interface RoleDefinition {
  /** The role definition id (the same GUID in every tenant). */
  id: string;
  /** Its data actions; `*` matches any run of characters. */
  dataActions: readonly string[];
}

/** The built-in secrets roles by their real names. */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInSecretsRole, RoleDefinition>> = Object.freeze({
  "Key Vault Administrator": {
    id: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    dataActions: ["Microsoft.KeyVault/vaults/*"],
  },
  "Key Vault Secrets Officer": {
    id: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    dataActions: ["Microsoft.KeyVault/vaults/secrets/*"],
  },
  "Key Vault Secrets User": {
    id: "4633458b-17de-408a-b874-0445c86b69e6",
    dataActions: [
      "Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    ],
  },
  // No getSecret/action: a Reader sees names and properties, never values.
  "Key Vault Reader": {
    id: "21090545-7ca7-4776-b22c-e363652d74d2",
    dataActions: [
      "Microsoft.KeyVault/vaults/*/read",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    ],
  },
});

/** The role names, for messages. */
export const ROLE_NAMES = Object.keys(BUILT_IN_ROLES) as BuiltInSecretsRole[];

/** Whether `role` grants `dataAction` (case-insensitive, `*` a wildcard, as Azure compares them). */
export function roleGrants(role: BuiltInSecretsRole, dataAction: string): boolean {
  return BUILT_IN_ROLES[role].dataActions.some((pattern) => wildcard(pattern).test(dataAction));
}

const patterns = new Map<string, RegExp>();
function wildcard(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (!regExp) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*");
    regExp = new RegExp(`^${body}$`, "i");
    patterns.set(pattern, regExp);
  }
  return regExp;
}
