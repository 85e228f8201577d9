// The JSON shapes the service sends, built with the service's property order and without absent fields
// (docs/service-behaviour.md#response-shapes). Values appear only where the service sends them: set and get.
import { supportsRecoverableDays } from "../protocol/apiVersions.js";
import { currentVersion, type SecretRecord, type VersionRecord } from "../vault/vaultRecords.js";
import type { VaultSettings } from "../vault/vaultSettings.js";

/** What every bundle needs besides the stored record. */
export interface BundleContext {
  /** The vault URL the ids are built on (the request's origin). */
  origin: string;
  /** The request's api-version (gates `recoverableDays` and the customized recovery levels). */
  apiVersion: string;
  settings: VaultSettings;
}

/**
 * The vault's recovery level: "Recoverable+Purgeable", or "Recoverable" under purge protection; with a
 * retention below 90 days the `CustomizedRecoverable*` forms, which exist only from api-version 7.1-preview.
 */
export function recoveryLevelOf(settings: VaultSettings, apiVersion: string): string {
  const base = settings.purgeProtection ? "Recoverable" : "Recoverable+Purgeable";
  const customized = settings.recoverableDays < 90 && supportsRecoverableDays(apiVersion);
  return customized ? `Customized${base}` : base;
}

/** `<origin>/secrets/<name>[/<version>]`. */
export function secretId(origin: string, name: string, version?: string): string {
  return version === undefined ? `${origin}/secrets/${name}` : `${origin}/secrets/${name}/${version}`;
}

/** `<origin>/deletedsecrets/<name>`. */
export function recoveryId(origin: string, name: string): string {
  return `${origin}/deletedsecrets/${name}`;
}

/** `SecretAttributes` in the observed order: enabled, nbf, exp, created, updated, recoveryLevel, recoverableDays. */
export function attributesJson(version: VersionRecord, context: BundleContext): Record<string, unknown> {
  const attributes: Record<string, unknown> = { enabled: version.enabled };
  if (version.nbf !== undefined) attributes.nbf = version.nbf;
  if (version.exp !== undefined) attributes.exp = version.exp;
  attributes.created = version.created;
  attributes.updated = version.updated;
  attributes.recoveryLevel = recoveryLevelOf(context.settings, context.apiVersion);
  if (supportsRecoverableDays(context.apiVersion))
    attributes.recoverableDays = context.settings.recoverableDays;
  return attributes;
}

/**
 * `SecretBundle` of one version: `value` only when `withValue` (set and get), never for update, recover or
 * restore.
 */
export function secretBundle(
  context: BundleContext,
  record: SecretRecord,
  version: VersionRecord,
  withValue: boolean,
): Record<string, unknown> {
  const bundle: Record<string, unknown> = {};
  if (withValue) bundle.value = version.value;
  if (version.contentType !== undefined) bundle.contentType = version.contentType;
  bundle.id = secretId(context.origin, record.name, version.version);
  bundle.attributes = attributesJson(version, context);
  if (version.tags !== undefined) bundle.tags = { ...version.tags };
  return bundle;
}

/** `DeletedSecretBundle` of the current version (no value), deletion facts first as observed. */
export function deletedSecretBundle(context: BundleContext, record: SecretRecord): Record<string, unknown> {
  const version = currentVersion(record);
  return {
    ...deletionFields(context, record),
    id: secretId(context.origin, record.name, version.version),
    ...optionalFields(version),
    attributes: attributesJson(version, context),
    ...tagsField(version),
  };
}

/** `SecretItem` for list-secrets: the base id (no version) with the current version's properties. */
export function secretItem(context: BundleContext, record: SecretRecord): Record<string, unknown> {
  const version = currentVersion(record);
  return itemOf(context, secretId(context.origin, record.name), version);
}

/** `SecretItem` for list-versions: the versioned id. */
export function versionItem(
  context: BundleContext,
  record: SecretRecord,
  version: VersionRecord,
): Record<string, unknown> {
  return itemOf(context, secretId(context.origin, record.name, version.version), version);
}

/** `DeletedSecretItem`: deletion facts plus the base id and the current version's properties. */
export function deletedSecretItem(context: BundleContext, record: SecretRecord): Record<string, unknown> {
  const version = currentVersion(record);
  return {
    ...deletionFields(context, record),
    ...itemOf(context, secretId(context.origin, record.name), version),
  };
}

function itemOf(context: BundleContext, id: string, version: VersionRecord): Record<string, unknown> {
  return {
    id,
    ...optionalFields(version),
    attributes: attributesJson(version, context),
    ...tagsField(version),
  };
}

function deletionFields(context: BundleContext, record: SecretRecord): Record<string, unknown> {
  const deletion = record.deletion;
  if (!deletion) throw new Error("deletion fields requested for a secret that is not deleted");
  return {
    recoveryId: recoveryId(context.origin, record.name),
    deletedDate: deletion.deletedDate,
    scheduledPurgeDate: deletion.scheduledPurgeDate,
  };
}

function optionalFields(version: VersionRecord): Record<string, unknown> {
  return version.contentType === undefined ? {} : { contentType: version.contentType };
}

function tagsField(version: VersionRecord): Record<string, unknown> {
  return version.tags === undefined ? {} : { tags: { ...version.tags } };
}
