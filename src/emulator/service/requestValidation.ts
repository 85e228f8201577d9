// Request checks, each failing with a 400 BadParameter. The service's own texts for these cases were never
// captured (docs/service-behaviour.md#messages-never-captured), so the messages below are the emulator's; they name the parameter
// and limit, and never quote a secret value or a tag value.
import { badParameter, invalidName } from "../protocol/serviceErrors.js";
import type { VersionInput, VersionPatch } from "../vault/vaultRecords.js";
import {
  maxContentTypeLength,
  maxTagCount,
  maxTagNameLength,
  maxTagValueLength,
  maxValueLength,
  secretNamePattern,
} from "../protocol/secretLimits.js";

/** Throws the service's invalid-name error unless `name` matches {@link secretNamePattern}. */
export function validateSecretName(name: string): void {
  if (!secretNamePattern.test(name)) throw invalidName(name);
}

/** The body of PUT /secrets/{name}. */
export function parseSetParameters(body: string): VersionInput {
  const json = parseJsonObject(body);
  const value = json.value;
  if (value === undefined || value === null) throw badParameter("The required parameter 'value' is missing.");
  if (typeof value !== "string") throw badParameter("The parameter 'value' must be a string.");
  if (value.length > maxValueLength) {
    throw badParameter(
      `Secret value is beyond the maximum permitted length of ${maxValueLength} characters.`,
    );
  }
  return { value, ...parseProperties(json) };
}

/** The body of PATCH /secrets/{name}/{version}: every field optional, the value not changeable. */
export function parseUpdateParameters(body: string): VersionPatch {
  return parseProperties(body.trim() === "" ? {} : parseJsonObject(body));
}

/** The blob in the body of POST /secrets/restore. */
export function parseRestoreParameters(body: string): string {
  const value = parseJsonObject(body).value;
  if (typeof value !== "string" || value === "") {
    throw badParameter("The required parameter 'value' (the backup blob) is missing.");
  }
  return value;
}

function parseJsonObject(body: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw badParameter("The request body is not valid JSON.");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw badParameter("The request body must be a JSON object.");
  }
  return json as Record<string, unknown>;
}

// `null` counts as absent: clients that serialise unset options as null mean "leave it".
function parseProperties(json: Record<string, unknown>): VersionPatch {
  const patch: VersionPatch = {};
  const { contentType, tags, attributes } = json;
  if (contentType !== undefined && contentType !== null) {
    if (typeof contentType !== "string" || contentType.length > maxContentTypeLength) {
      throw badParameter(
        `The parameter 'contentType' must be a string of at most ${maxContentTypeLength} characters.`,
      );
    }
    patch.contentType = contentType;
  }
  if (tags !== undefined && tags !== null) patch.tags = parseTags(tags);
  if (attributes !== undefined && attributes !== null) Object.assign(patch, parseAttributes(attributes));
  return patch;
}

function parseTags(tags: unknown): Record<string, string> {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw badParameter("The parameter 'tags' must be an object of string values.");
  }
  const entries = Object.entries(tags);
  if (entries.length > maxTagCount) {
    throw badParameter(`A secret can have at most ${maxTagCount} tags; the request has ${entries.length}.`);
  }
  for (const [name, value] of entries) {
    if (typeof value !== "string")
      throw badParameter("The parameter 'tags' must be an object of string values.");
    if (name.length > maxTagNameLength) {
      throw badParameter(`Tag names must be at most ${maxTagNameLength} characters.`);
    }
    if (value.length > maxTagValueLength) {
      throw badParameter(`Tag values must be at most ${maxTagValueLength} characters.`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

// Only enabled, nbf and exp are writable; read-only attributes a client echoes back are ignored.
function parseAttributes(attributes: unknown): VersionPatch {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw badParameter("The parameter 'attributes' must be an object.");
  }
  const { enabled, nbf, exp } = attributes as Record<string, unknown>;
  const patch: VersionPatch = {};
  if (enabled !== undefined && enabled !== null) {
    if (typeof enabled !== "boolean") throw badParameter("The attribute 'enabled' must be a boolean.");
    patch.enabled = enabled;
  }
  if (nbf !== undefined && nbf !== null) patch.nbf = parseEpochSeconds("nbf", nbf);
  if (exp !== undefined && exp !== null) patch.exp = parseEpochSeconds("exp", exp);
  return patch;
}

function parseEpochSeconds(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw badParameter(`The attribute '${name}' must be an integer number of seconds since the Unix epoch.`);
  }
  return value;
}
