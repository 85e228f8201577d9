// What every command shares: the vault-name rule, the environment with its references, the resolver on
// DefaultAzureCredential, and the one-line messages (variable, vault, fix; never a value or a token).
import { readFileSync } from "node:fs";
import type { SecretClientOptions } from "../model/options.js";
import { EnvFileError, parseEnvFile } from "./references/envFile.js";
import {
  ReferenceSyntaxError,
  parseReference,
  vaultLabel,
  type SecretReference,
} from "./references/reference.js";
import { Resolver, type Outcome } from "./references/resolver.js";
import {
  DEFAULT_VAULT_URL_TEMPLATE,
  VAULT_URL_TEMPLATE_VARIABLE,
  checkVaultUrlTemplate,
} from "./references/vaultUrl.js";

/** The program name in messages. */
export const PROGRAM = "keyvault-secrets";

/** A failure the CLI reports as its lines on stderr and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly exitCode = 1,
  ) {
    super(lines.join("\n"));
  }
}

/** Writes one line to stderr, prefixed with the program name. */
export function report(line: string): void {
  process.stderr.write(`${PROGRAM}: ${line}\n`);
}

/** The vault-name template: `--vault-url-template`, else the variable, else Azure's public cloud. */
export function vaultUrlTemplate(option: string | undefined, env: NodeJS.ProcessEnv): string {
  try {
    if (option !== undefined) return checkVaultUrlTemplate(option, "--vault-url-template");
    const fromEnv = env[VAULT_URL_TEMPLATE_VARIABLE];
    if (fromEnv) return checkVaultUrlTemplate(fromEnv, VAULT_URL_TEMPLATE_VARIABLE);
  } catch (error) {
    throw new CliError([(error as Error).message], 2);
  }
  return DEFAULT_VAULT_URL_TEMPLATE;
}

/** One variable that holds a reference. */
export interface ReferencedVariable {
  variable: string;
  reference: SecretReference;
}

/**
 * The environment a command works on: ours, overlaid with each `--env-file` in order (a later file wins),
 * and the variables among it that hold references.
 * @throws CliError listing every malformed reference and unreadable file, one line each, before any request.
 */
export function readEnvironment(
  envFiles: readonly string[],
  template: string,
): { env: NodeJS.ProcessEnv; references: ReferencedVariable[] } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const problems: string[] = [];
  for (const file of envFiles) {
    try {
      for (const [name, value] of parseEnvFile(readFileSync(file, "utf8"), file)) env[name] = value;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        error instanceof EnvFileError ? error.message : `cannot read --env-file ${file}: ${code ?? "error"}`,
      );
    }
  }
  const references: ReferencedVariable[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined) continue;
    try {
      const reference = parseReference(value, template);
      if (reference) references.push({ variable, reference });
    } catch (error) {
      if (!(error instanceof ReferenceSyntaxError)) throw error;
      problems.push(`${variable}: malformed Key Vault reference: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new CliError(problems, 2);
  return { env, references };
}

/** A resolver signing in with DefaultAzureCredential (loaded only when a command needs it). */
export async function createResolver(): Promise<Resolver> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new Resolver({ credential: new DefaultAzureCredential(), clientOptions });
}

// The emulator's plain address (https://127.0.0.1:8443) answers challenges naming that address, not a vault
// host, so challenge verification is relaxed for loopback addresses only.
function clientOptions(vaultUrl: string): SecretClientOptions {
  const host = new URL(vaultUrl).hostname;
  const loopback = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/i.test(host);
  return loopback ? { disableChallengeResourceVerification: true } : {};
}

/** Whether an outcome lets a command go on. */
export function isFound(outcome: Outcome): outcome is Extract<Outcome, { kind: "found" }> {
  return outcome.kind === "found";
}

/** The one line for a reference that failed: which variable, which vault, what went wrong, how to fix it. */
export function failureLine(variable: string, reference: SecretReference, outcome: Outcome): string {
  const vault = vaultLabel(reference.vaultUrl);
  const where = `vault "${vault}" (${reference.vaultUrl})`;
  const secret = `secret "${reference.name}"${reference.version ? ` version ${reference.version}` : ""}`;
  if (outcome.kind === "found") return `${variable}: ${secret} found in ${where}`;
  const { detail } = outcome;
  switch (outcome.kind) {
    case "notFound":
      return /VaultNotFound/.test(detail)
        ? `${variable}: no vault "${vault}" at ${reference.vaultUrl} (${detail}); check the vault name or --vault-url-template`
        : `${variable}: ${secret} not found in ${where} (${detail}); check the name, or create it: az keyvault secret set --vault-name ${vault} --name ${reference.name}`;
    case "forbidden":
      return `${variable}: reading ${secret} is forbidden in ${where} (${detail}); grant the signed-in identity the "Key Vault Secrets User" role (or an access policy with get) on the vault`;
    case "unauthenticated":
      return `${variable}: cannot sign in to ${where} (${detail}); run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/… (for the emulator: IDENTITY_ENDPOINT and IDENTITY_HEADER)`;
    case "disabled":
      return `${variable}: ${secret} is disabled in ${where}; enable it (az keyvault secret set-attributes --enabled true) or reference another version`;
    case "expired":
    case "notYetValid":
      return `${variable}: ${secret} in ${where} is ${detail}; set a new version or change its dates`;
    default:
      return `${variable}: reading ${secret} from ${where} failed (${detail}); ${networkHint(detail)}`;
  }
}

function networkHint(detail: string): string {
  if (/ENOTFOUND|EAI_AGAIN/.test(detail)) return "check the vault name (or --vault-url-template)";
  if (/ECONNREFUSED/.test(detail)) return "nothing listens there: is the vault (or the emulator) running?";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(detail)) {
    return "its certificate is not trusted (for the emulator, export NODE_EXTRA_CA_CERTS)";
  }
  return "try again, or run with AZURE_LOG_LEVEL=info for details";
}
