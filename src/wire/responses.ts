import { splitSecretId } from "../model/identifier.js";
import type { DeletedSecret, KeyVaultSecret, SecretProperties } from "../model/models.js";
import { fromBase64Url } from "./base64url.js";
import { asPlatformBytes } from "./platformBytes.js";
import type {
  BackupSecretResult,
  DeletedSecretBundle,
  DeletedSecretItem,
  ListResult,
  SecretBundle,
  SecretItem,
} from "./wireTypes.js";

/** A page of mapped items plus the service's nextLink (undefined on the last page). @internal */
export interface MappedPage<T> {
  items: T[];
  nextLink?: string;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[REDACTED]";

/**
 * Makes `console.log`/`util.inspect` print the value as redacted while `secret.value` and
 * `JSON.stringify(secret)` keep the real value: the hook is non-enumerable, so it is neither serialized
 * nor copied by spreading. A plain symbol lookup keeps this free of any Node import.
 */
function redactWhenInspected<T extends { value?: string }>(model: T): T {
  Object.defineProperty(model, inspectSymbol, redactedInspection);
  return model;
}

// One descriptor (and one function) shared by every model instead of a new closure per response.
const redactedInspection: PropertyDescriptor = {
  enumerable: false,
  value(this: { value?: string }) {
    return this.value === undefined ? { ...this } : { ...this, value: REDACTED };
  },
};

/** Epoch seconds → Date; absent stays undefined. */
function toDate(seconds: number | undefined): Date | undefined {
  return typeof seconds === "number" ? new Date(seconds * 1000) : undefined;
}

function asObject<T>(json: unknown): T {
  return (json !== null && typeof json === "object" ? json : {}) as T;
}

/** Bundle or list item → SecretProperties, with name/version/vaultUrl read from the id. */
function toSecretProperties(bundle: SecretBundle | SecretItem): SecretProperties {
  const { vaultUrl, name, version } = splitSecretId(bundle.id);
  const attributes = bundle.attributes ?? {};
  return {
    expiresOn: toDate(attributes.exp),
    createdOn: toDate(attributes.created),
    updatedOn: toDate(attributes.updated),
    enabled: attributes.enabled,
    notBefore: toDate(attributes.nbf),
    recoverableDays: attributes.recoverableDays,
    recoveryLevel: attributes.recoveryLevel,
    id: bundle.id,
    contentType: bundle.contentType,
    tags: bundle.tags,
    managed: bundle.managed,
    previousVersion: (bundle as SecretBundle).previousVersion,
    vaultUrl,
    version,
    name,
    certificateKeyId: (bundle as SecretBundle).kid,
  };
}

/** SecretBundle JSON (set, get) → KeyVaultSecret. @internal */
export function toKeyVaultSecret(json: unknown): KeyVaultSecret {
  const bundle = asObject<SecretBundle>(json);
  const properties = toSecretProperties(bundle);
  return redactWhenInspected({ value: bundle.value, name: properties.name, properties });
}

/** SecretBundle JSON without value (update, recover, restore) → SecretProperties. @internal */
export function toSecretPropertiesResult(json: unknown): SecretProperties {
  return toSecretProperties(asObject<SecretBundle>(json));
}

/** DeletedSecretBundle/DeletedSecretItem JSON → DeletedSecret, deletion fields at top level and under properties. @internal */
export function toDeletedSecret(json: unknown): DeletedSecret {
  const bundle = asObject<DeletedSecretBundle | DeletedSecretItem>(json);
  const properties: DeletedSecret["properties"] = toSecretProperties(bundle);
  const deleted: DeletedSecret = { value: (bundle as SecretBundle).value, name: properties.name, properties };
  if (bundle.recoveryId !== undefined) {
    const deletion = {
      recoveryId: bundle.recoveryId,
      scheduledPurgeDate: toDate(bundle.scheduledPurgeDate),
      deletedOn: toDate(bundle.deletedDate),
    };
    Object.assign(properties, deletion);
    Object.assign(deleted, deletion);
  }
  return redactWhenInspected(deleted);
}

/**
 * BackupSecretResult JSON → the blob bytes (undefined if the service sent none): a `Buffer` where the runtime
 * has one, as `@azure/keyvault-secrets` returns, so `backup.toString("base64")` works; a `Uint8Array` in
 * browsers. The Buffer shares the decoded bytes, no copy.
 * @internal
 */
export function toBackupBytes(json: unknown): Uint8Array | undefined {
  const { value } = asObject<BackupSecretResult>(json);
  if (typeof value !== "string") return undefined;
  return asPlatformBytes(fromBase64Url(value));
}

function toPage<TItem, T>(json: unknown, map: (item: TItem) => T): MappedPage<T> {
  const page = asObject<ListResult<TItem>>(json);
  const items = Array.isArray(page.value) ? page.value.map(map) : [];
  return { items, nextLink: typeof page.nextLink === "string" && page.nextLink ? page.nextLink : undefined };
}

/** SecretListResult JSON → SecretProperties page (list secrets and list versions). @internal */
export function toSecretPropertiesPage(json: unknown): MappedPage<SecretProperties> {
  return toPage<SecretItem, SecretProperties>(json, toSecretProperties);
}

/** DeletedSecretListResult JSON → DeletedSecret page. @internal */
export function toDeletedSecretPage(json: unknown): MappedPage<DeletedSecret> {
  return toPage<DeletedSecretItem, DeletedSecret>(json, toDeletedSecret);
}
