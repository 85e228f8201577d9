// Request bodies: read within a size limit, parsed as JSON, and checked against the one shape each write
// takes. What reaches the upstream client is re-built from these checked fields, never the page's bytes.
import type { SetSecretOptions, UpdateSecretPropertiesOptions } from "../model/options.js";

/**
 * Reads the body as UTF-8 text ("" when there is none), or returns undefined once it is longer than `limit`
 * bytes (`declared` is the Content-Length header, refused before reading when it is over).
 */
export async function readBody(
  declared: string | null,
  body: () => ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<string | undefined> {
  if (declared !== null && Number(declared) > limit) return undefined;
  const stream = body();
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** A checked set/update body: the value (set only) and the SDK options it stands for. */
export interface SecretWrite {
  value?: string;
  options: SetSecretOptions & UpdateSecretPropertiesOptions;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Seconds since the epoch (Key Vault's IntDate) as a Date, or undefined when absent. */
function intDate(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new TypeError(`${field} must be an integer.`);
  return new Date(value * 1000);
}

/**
 * Checks the JSON of a set (`withValue`) or update body: `value` (set only), `contentType`, `tags` of
 * strings, and `attributes` with `enabled`, `nbf`, `exp`. Anything else is refused.
 * @throws TypeError with a message naming the field (never its value).
 */
export function secretWrite(json: unknown, withValue: boolean): SecretWrite {
  if (!isObject(json)) throw new TypeError("The body must be a JSON object.");
  const { value, contentType, tags, attributes = {}, ...rest } = json;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`The body field '${unknown[0]}' is not accepted.`);
  if (withValue ? typeof value !== "string" : value !== undefined) {
    throw new TypeError(withValue ? "value must be a string." : "value cannot be changed by an update.");
  }
  if (contentType !== undefined && typeof contentType !== "string")
    throw new TypeError("contentType must be a string.");
  if (tags !== undefined && (!isObject(tags) || Object.values(tags).some((tag) => typeof tag !== "string"))) {
    throw new TypeError("tags must be an object of strings.");
  }
  if (!isObject(attributes)) throw new TypeError("attributes must be an object.");
  const { enabled, nbf, exp, ...otherAttributes } = attributes;
  const unknownAttribute = Object.keys(otherAttributes);
  if (unknownAttribute.length > 0)
    throw new TypeError(`The attribute '${unknownAttribute[0]}' is not accepted.`);
  if (enabled !== undefined && typeof enabled !== "boolean")
    throw new TypeError("attributes.enabled must be a boolean.");
  const notBefore = intDate(nbf, "attributes.nbf");
  const expiresOn = intDate(exp, "attributes.exp");
  // Only fields the page sent: the SDK then sends only those.
  const options: SecretWrite["options"] = {
    ...(contentType !== undefined && { contentType }),
    ...(tags !== undefined && { tags: tags as Record<string, string> }),
    ...(enabled !== undefined && { enabled }),
    ...(notBefore && { notBefore }),
    ...(expiresOn && { expiresOn }),
  };
  return { value: value as string | undefined, options };
}

/**
 * Checks a restore body, `{ "value": "<base64url>" }`, and decodes the blob.
 * @throws TypeError when the shape or the encoding is wrong.
 */
export function restoreBlob(json: unknown): Uint8Array {
  if (!isObject(json) || Object.keys(json).length !== 1 || typeof json.value !== "string") {
    throw new TypeError("The body must be { value: <base64url backup> }.");
  }
  if (!/^[A-Za-z0-9_-]+$/.test(json.value)) throw new TypeError("value must be base64url.");
  const base64 = json.value.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}
