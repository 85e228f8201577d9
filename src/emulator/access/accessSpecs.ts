// The command line's spellings of authorization: `--role "ROLE=IDENTITY@VAULT[/secrets/NAME]"` and
// `--access-policy "IDENTITY@VAULT=get,list"`. Checked for shape here; names (roles, permissions,
// identities, vaults) are checked where they are used, with the same messages for every route in.
import type { AccessPolicyDefinition, RoleAssignmentDefinition } from "../protocol/accessTypes.js";

/** Reads `ROLE=IDENTITY@VAULT[/secrets/NAME]` (`@VAULT` may be left out: the default vault). */
export function parseRoleSpec(spec: string): RoleAssignmentDefinition {
  const at = spec.indexOf("=");
  if (at <= 0) throw new TypeError(`--role ${spec}: expected "ROLE=IDENTITY@VAULT[/secrets/NAME]"`);
  const role = spec.slice(0, at).trim() as RoleAssignmentDefinition["role"];
  const { identity, vault, rest } = identityAt(spec.slice(at + 1).trim(), `--role ${spec}`);
  if (rest === undefined) return { role, identity, vault };
  const secret = /^\/secrets\/([^/]+)$/.exec(rest)?.[1];
  if (secret === undefined) {
    throw new TypeError(`--role ${spec}: the scope is a vault or VAULT/secrets/NAME (got "${rest}")`);
  }
  return { role, identity, vault, secret };
}

/** Reads `IDENTITY@VAULT=get,list` (`@VAULT` may be left out: the default vault). */
export function parseAccessPolicySpec(spec: string): AccessPolicyDefinition {
  const at = spec.lastIndexOf("=");
  if (at <= 0) throw new TypeError(`--access-policy ${spec}: expected "IDENTITY@VAULT=get,list,..."`);
  const { identity, vault, rest } = identityAt(spec.slice(0, at).trim(), `--access-policy ${spec}`);
  if (rest !== undefined)
    throw new TypeError(`--access-policy ${spec}: an access policy covers a whole vault`);
  const permissions = spec
    .slice(at + 1)
    .split(",")
    .map((permission) => permission.trim())
    .filter(Boolean) as AccessPolicyDefinition["permissions"];
  return { identity, vault, permissions };
}

function identityAt(text: string, what: string): { identity: string; vault?: string; rest?: string } {
  const [identity = "", target] = splitOnce(text, "@");
  if (!identity) throw new TypeError(`${what}: the identity name is missing`);
  if (target === undefined) return { identity };
  const slash = target.indexOf("/");
  const vault = slash < 0 ? target : target.slice(0, slash);
  if (!vault) throw new TypeError(`${what}: the vault name after "@" is missing`);
  return slash < 0 ? { identity, vault } : { identity, vault, rest: target.slice(slash) };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
