// The emulator's identities: the default one (no client id asked; all-powerful, as before identities
// existed) and named ones, each a user-assigned managed identity with its own client id and object id.
// Ids not given are derived from the name, so they are the same at every start and exported variables
// (KEYVAULT_IDENTITY_<NAME>_CLIENT_ID) stay valid across restarts.
import { createHash } from "node:crypto";

/** A named identity to create: its name and, optionally, fixed ids. */
export interface EmulatorIdentityDefinition {
  /** 1–64 letters, digits, `-` and `_`, starting with a letter or digit (case-sensitive). */
  name: string;
  /**
   * The application (client) id: what `ManagedIdentityCredential({ clientId })` asks for, and `appid` in
   * its tokens.
   * @default a GUID derived from the name
   */
  clientId?: string;
  /**
   * The object (principal) id: `oid` in its tokens.
   * @default a GUID derived from the name
   */
  objectId?: string;
}

/** The ids of one identity, as tokens carry them. */
export interface EmulatorIdentity {
  /** The application (client) id (`appid` claim). */
  readonly clientId: string;
  /** The object (principal) id (`oid` claim). */
  readonly objectId: string;
}

/** An identity with its name, as the emulator keeps it. */
export interface NamedIdentity extends EmulatorIdentity {
  /** The identity's name; absent for the default identity. */
  readonly name?: string;
}

/** The client id of the default identity (the one a request without `client_id` gets). */
export const EMULATOR_CLIENT_ID = "9b1f0c9e-6a52-4f4e-9d6a-0e2f5c3b7a10";
/** The object id of the default identity. */
export const EMULATOR_OBJECT_ID = "4c0c5c55-3f0e-4f56-8f7c-2a6fd1a9e4b3";
/** The default identity: no name, and not subject to any vault's authorization. */
export const DEFAULT_IDENTITY: NamedIdentity = Object.freeze({
  clientId: EMULATOR_CLIENT_ID,
  objectId: EMULATOR_OBJECT_ID,
});

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The variable the CLI prints an identity's client id in: `KEYVAULT_IDENTITY_<NAME>_CLIENT_ID`. */
export function identityClientIdVariable(name: string): string {
  return `KEYVAULT_IDENTITY_${name.toUpperCase().replace(/-/g, "_")}_CLIENT_ID`;
}

/** The identities of one emulator, found by name, client id or object id. */
export class IdentityDirectory {
  private readonly byName = new Map<string, NamedIdentity>();
  private readonly byClientId = new Map<string, NamedIdentity>();
  private readonly byObjectId = new Map<string, NamedIdentity>();

  /** @param definitions - The named identities; TypeError for a bad name or id, or a repeated one. */
  constructor(definitions: readonly (string | EmulatorIdentityDefinition)[] = []) {
    this.add(DEFAULT_IDENTITY);
    const variables = new Set<string>();
    for (const given of definitions) {
      const definition = typeof given === "string" ? { name: given } : given;
      const name = definition?.name;
      if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
        throw new TypeError(
          `identity name ${JSON.stringify(name)} must be 1-64 letters, digits, "-" and "_", starting with a letter or digit`,
        );
      }
      const variable = identityClientIdVariable(name);
      if (variables.has(variable)) throw new TypeError(`identity "${name}" is given twice`);
      variables.add(variable);
      const clientId = checkGuid(definition.clientId, name, "clientId") ?? derivedGuid("client", name);
      const objectId = checkGuid(definition.objectId, name, "objectId") ?? derivedGuid("object", name);
      if (this.byClientId.has(clientId.toLowerCase()) || this.byObjectId.has(objectId.toLowerCase())) {
        throw new TypeError(`identity "${name}" repeats the client id or object id of another identity`);
      }
      this.add(Object.freeze({ name, clientId, objectId }));
    }
  }

  /** The named identity called `name`; TypeError naming the known ones when there is none. */
  named(name: string): NamedIdentity {
    const identity = this.byName.get(name);
    if (!identity) {
      const known = [...this.byName.keys()];
      throw new TypeError(
        `No identity named "${name}"; ${known.length ? `the identities are: ${known.join(", ")}` : "the emulator has no named identities (option identities / --identity)"}`,
      );
    }
    return identity;
  }

  /** The identity with application id `clientId` (case-insensitive), if any. */
  withClientId(clientId: string): NamedIdentity | undefined {
    return this.byClientId.get(clientId.toLowerCase());
  }

  /** The identity with object id `objectId` (case-insensitive), if any. */
  withObjectId(objectId: string): NamedIdentity | undefined {
    return this.byObjectId.get(objectId.toLowerCase());
  }

  /** Every named identity's ids, by name. */
  record(): Record<string, EmulatorIdentity> {
    const record: Record<string, EmulatorIdentity> = {};
    for (const [name, { clientId, objectId }] of this.byName) record[name] = { clientId, objectId };
    return record;
  }

  private add(identity: NamedIdentity): void {
    if (identity.name !== undefined) this.byName.set(identity.name, identity);
    this.byClientId.set(identity.clientId.toLowerCase(), identity);
    this.byObjectId.set(identity.objectId.toLowerCase(), identity);
  }
}

function checkGuid(value: string | undefined, name: string, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !GUID_PATTERN.test(value)) {
    throw new TypeError(`identity "${name}": ${field} must be a GUID (got ${JSON.stringify(value)})`);
  }
  return value.toLowerCase();
}

/** A GUID-shaped id (version 4 and variant bits set) derived from the identity name. */
function derivedGuid(kind: string, name: string): string {
  const bytes = createHash("sha256").update(`keyvault-emulator ${kind} id: ${name}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
