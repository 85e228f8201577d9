// The reference syntaxes a value may hold (docs/cli.md has the table): a secret identifier URL, App Service's
// `@Microsoft.KeyVault(SecretUri=…)` and `@Microsoft.KeyVault(VaultName=…;SecretName=…[;SecretVersion=…])`,
// and azd's `akvs://<subscription>/<vault>/<name>`. A value that looks like none of them is a plain value; a
// value that starts like one but is malformed is an error, found before any request is sent.
import { SECRET_NAME } from "../../model/validation.js";
import { vaultNameProblem, vaultUrlFromTemplate } from "./vaultUrl.js";

/** One secret to fetch: which vault, which name, and which version (`undefined` = the latest). */
export interface SecretReference {
  /** The reference as written (safe to print: it never holds a value). */
  text: string;
  /** The vault's origin, e.g. `https://app.vault.azure.net`. */
  vaultUrl: string;
  /** The secret name as written. */
  name: string;
  /** The version, or `undefined` for the latest. */
  version: string | undefined;
}

/** A reference that cannot be read; `message` says what is wrong (never a value: the text is a reference). */
export class ReferenceSyntaxError extends Error {
  override readonly name = "ReferenceSyntaxError";
}

const VERSION = /^[0-9a-zA-Z]{1,64}$/;
const APP_SERVICE = /^@Microsoft\.KeyVault\((.*)\)$/is;

/**
 * Reads `text` as a reference.
 * @param template - the vault-name rule for references that name a vault (see vaultUrl.ts).
 * @returns the reference, or `undefined` when `text` is a plain value.
 * @throws ReferenceSyntaxError when `text` starts like a reference but is not one.
 */
export function parseReference(text: string, template: string): SecretReference | undefined {
  const trimmed = text.trim();
  if (/^@Microsoft\.KeyVault\(/i.test(trimmed)) return parseAppService(trimmed, template);
  if (/^akvs:\/\//i.test(trimmed)) return parseAzd(trimmed, template);
  if (looksLikeSecretUrl(trimmed)) return parseSecretUrl(trimmed, trimmed);
  return undefined;
}

// A URL counts as a secret reference when its path starts with /secrets/ and its host is a Key Vault host
// (`<vault>.vault.<cloud suffix>`, the emulator's `<vault>.vault.localhost` included) or a loopback address
// (the emulator's plain address). A vault URL without a path (the emulator's KEYVAULT_URI) and any other URL
// (an API endpoint) are plain values.
function looksLikeSecretUrl(text: string): boolean {
  const match = /^https?:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(text);
  if (!match || !/^\/secrets(\/|$)/i.test(match[2] ?? "")) return false;
  const host = match[1]!.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
  return /^[^.]+\.vault\./i.test(host) || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host);
}

function parseSecretUrl(url: string, text: string): SecretReference {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ReferenceSyntaxError(`"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ReferenceSyntaxError(`a secret URL must be https:// (got ${parsed.protocol})`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ReferenceSyntaxError(
      "a secret URL has no query, fragment or credentials: https://<vault>.vault.azure.net/secrets/<name>[/<version>]",
    );
  }
  const segments = parsed.pathname.replace(/\/$/, "").split("/").slice(1);
  if (segments[0] !== "secrets" || segments.length < 2 || segments.length > 3) {
    throw new ReferenceSyntaxError(`the path must be /secrets/<name>[/<version>] (got "${parsed.pathname}")`);
  }
  return checked(text, parsed.origin, decodeURIComponent(segments[1]!), segments[2]);
}

function parseAppService(text: string, template: string): SecretReference {
  const body = APP_SERVICE.exec(text)?.[1];
  if (body === undefined) {
    throw new ReferenceSyntaxError("@Microsoft.KeyVault( is not closed with )");
  }
  const fields = new Map<string, string>();
  for (const part of body.split(";")) {
    if (part.trim() === "") continue;
    const equals = part.indexOf("=");
    if (equals < 1)
      throw new ReferenceSyntaxError(`"${part.trim()}" is not Key=Value in @Microsoft.KeyVault(…)`);
    const key = part.slice(0, equals).trim().toLowerCase();
    if (!["secreturi", "vaultname", "secretname", "secretversion"].includes(key)) {
      throw new ReferenceSyntaxError(
        `unknown key "${part.slice(0, equals).trim()}" in @Microsoft.KeyVault(…): use SecretUri, or VaultName, SecretName and SecretVersion`,
      );
    }
    fields.set(key, part.slice(equals + 1).trim());
  }
  const uri = fields.get("secreturi");
  if (uri !== undefined) {
    if (fields.size > 1) {
      throw new ReferenceSyntaxError("@Microsoft.KeyVault(SecretUri=…) takes no other key");
    }
    return parseSecretUrl(uri, text);
  }
  const vault = fields.get("vaultname");
  const name = fields.get("secretname");
  if (!vault || !name) {
    throw new ReferenceSyntaxError(
      "@Microsoft.KeyVault(…) needs SecretUri=<url>, or VaultName=<vault>;SecretName=<name>",
    );
  }
  return checkedVault(text, vault, name, fields.get("secretversion") || undefined, template);
}

function parseAzd(text: string, template: string): SecretReference {
  const parts = text.slice("akvs://".length).split("/");
  if (parts.length !== 3 || parts.some((part) => part === "")) {
    throw new ReferenceSyntaxError("an azd reference is akvs://<subscription-id>/<vault>/<secret-name>");
  }
  return checkedVault(text, parts[1]!, parts[2]!, undefined, template);
}

function checkedVault(
  text: string,
  vault: string,
  name: string,
  version: string | undefined,
  template: string,
): SecretReference {
  const problem = vaultNameProblem(vault);
  if (problem) throw new ReferenceSyntaxError(problem);
  return checked(text, vaultUrlFromTemplate(vault, template), name, version);
}

function checked(text: string, vaultUrl: string, name: string, version: string | undefined): SecretReference {
  if (!SECRET_NAME.test(name)) {
    throw new ReferenceSyntaxError(`"${name}" is not a secret name (1-127 letters, digits and hyphens)`);
  }
  if (version !== undefined && !VERSION.test(version)) {
    throw new ReferenceSyntaxError(`"${version}" is not a secret version (letters and digits)`);
  }
  return { text, vaultUrl, name, version };
}

/** The vault's name for messages: the first label of its host (`app` for https://app.vault.azure.net). */
export function vaultLabel(vaultUrl: string): string {
  const host = new URL(vaultUrl).host;
  return /^\d|^\[/.test(host) ? host : host.split(".")[0]!;
}
