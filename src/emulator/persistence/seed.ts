// `--seed FILE` / option `seed`: secrets loaded at start. JSON (`{"name": "value"}`, or
// `{"name": {"value", "contentType", "tags", "enabled"}}`) or .env-style `NAME=value` lines (`#` comments,
// optional `export ` and quotes; `_` in names becomes `-`, the only separator Key Vault names allow).
// A name that already exists in the vault (from --data) is left as it is, so restarts do not pile up versions.
import { readFileSync } from "node:fs";
import { parseSetParameters } from "../service/requestValidation.js";
import { ServiceError } from "../protocol/serviceErrors.js";
import { secretNamePattern } from "../protocol/secretLimits.js";
import type { VersionInput } from "../vault/vaultRecords.js";
import type { VaultStore } from "../vault/vaultStore.js";

/** One secret to seed. */
export interface SeedSecret {
  name: string;
  input: VersionInput;
}

/** Reads and checks a seed file; TypeError naming the file and the entry (or line) that is wrong. */
export function readSeedFile(path: string): SeedSecret[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new TypeError(`cannot read the seed file ${path} (${code})`, { cause: error });
  }
  return parseSeedText(text, `seed file ${path}`);
}

/**
 * Reads seed text (JSON or .env lines; see the file comment); TypeError naming `source` (e.g. "seed file
 * x.json") and the entry (or line) that is wrong.
 */
export function parseSeedText(text: string, source: string): SeedSecret[] {
  const trimmed = text.trimStart();
  const entries = trimmed.startsWith("{") ? jsonEntries(source, trimmed) : dotenvEntries(text);
  return entries.map(({ where, name, body }) => {
    if (!secretNamePattern.test(name)) {
      throw new TypeError(
        `${source}, ${where}: ${JSON.stringify(name)} is not a secret name (1-127 letters, digits and dashes)`,
      );
    }
    try {
      return { name, input: parseSetParameters(JSON.stringify(body)) };
    } catch (error) {
      const reason = error instanceof ServiceError ? error.message : (error as Error).message;
      throw new TypeError(`${source}, ${where}: ${reason}`, { cause: error });
    }
  });
}

interface RawEntry {
  where: string;
  name: string;
  body: unknown;
}

function jsonEntries(source: string, text: string): RawEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError(`${source} must hold an object of name: value`);
  }
  return Object.entries(parsed).map(([name, entry]) => ({
    where: `secret "${name}"`,
    name,
    body: typeof entry === "string" ? { value: entry } : entry,
  }));
}

function dotenvEntries(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    const where = `line ${index + 1}`;
    if (!match) {
      entries.push({ where, name: "", body: {} });
      return;
    }
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\n/g, "\n") : quoted[2]!;
    entries.push({ where, name: match[1]!.replace(/_/g, "-"), body: { value } });
  });
  return entries;
}

/** Sets each seed secret the vault does not hold yet (in any state); returns how many were set. */
export function seedVault(store: VaultStore, secrets: readonly SeedSecret[]): number {
  let set = 0;
  for (const { name, input } of secrets) {
    if (store.has(name)) continue;
    store.setSecret(name, input);
    set++;
  }
  return set;
}
