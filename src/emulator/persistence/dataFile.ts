// The data file: the snapshot of every vault, the token key, the CA and the identity endpoint, kept across
// restarts. Every write goes to a temporary file that is fsynced and then renamed over the data file, so a
// crash (even kill -9) at any moment leaves either the previous or the new complete file. Mutations after
// the snapshot are in the mutation log beside it (persistence/durableState.ts).
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { CertificateAndKey } from "../identity/certificates.js";
import { DEFAULT_VAULT_NAME } from "../vault/vaultHosts.js";
import type { VaultRegistrySnapshot } from "../vault/vaultRegistry.js";
import { parseVaultSnapshot } from "../vault/vaultSnapshot.js";
import type { VaultSnapshot } from "../vault/vaultSnapshot.js";

/**
 * What the data file holds (schema 3). Older files still load: schema 2 (every vault, no identity endpoint,
 * no log generation) and schema 1 (one vault, read as the vault "emulator"); the next compaction writes
 * schema 3.
 */
export interface PersistedState {
  schema: 3;
  /** The tenant named in tokens and challenges. */
  tenantId: string;
  /** Base64 of the HS256 token key, so tokens stay valid across restarts. */
  tokenKey: string;
  /** The CA (certificate and key), so clients keep trusting the emulator across restarts. */
  ca: CertificateAndKey;
  /** The identity endpoint's port and header, so exported IDENTITY_* variables survive a restart. */
  identity?: { port: number; header: string };
  /** The mutation logs replayed over this snapshot are those of this generation and later. */
  logGeneration: number;
  /** Every vault with its settings and state. */
  vaults: VaultRegistrySnapshot;
}

/** The schema-2 file: every vault, no identity endpoint, no log. */
interface PersistedStateV2 extends Omit<PersistedState, "schema" | "logGeneration" | "identity"> {
  schema: 2;
}

/** The schema-1 file: one vault. */
interface PersistedStateV1 extends Omit<PersistedStateV2, "schema" | "vaults"> {
  schema: 1;
  vault: VaultSnapshot;
}

const NEW_PATH_ADVICE = "Create the directory first, or pass another --data path.";

/** A data file that cannot be used. The file is left untouched. */
export class DataFileError extends Error {
  constructor(
    /** The data file's path. */
    readonly path: string,
    reason: string,
    advice = "It was left untouched; move it away (or fix it) to start with this path.",
  ) {
    super(`The emulator data file ${path} cannot be loaded: ${reason}. ${advice}`);
    this.name = "DataFileError";
  }
}

/** Reads the data file; `undefined` when it does not exist, `DataFileError` when it is unusable. */
export function loadDataFile(path: string): PersistedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DataFileError(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DataFileError(path, "it is not valid JSON");
  }
  return checkState(path, parsed);
}

function checkState(path: string, value: unknown): PersistedState {
  if (typeof value !== "object" || value === null)
    throw new DataFileError(path, "it does not hold an object");
  const state = value as Partial<PersistedState> | Partial<PersistedStateV2> | Partial<PersistedStateV1>;
  if (state.schema !== 1 && state.schema !== 2 && state.schema !== 3) {
    throw new DataFileError(path, `unsupported schema ${JSON.stringify(state.schema)}`);
  }
  if (typeof state.tenantId !== "string") throw new DataFileError(path, `"tenantId" is missing`);
  if (typeof state.tokenKey !== "string" || Buffer.from(state.tokenKey, "base64").length < 32) {
    throw new DataFileError(path, `"tokenKey" is missing or too short`);
  }
  if (typeof state.ca?.certificate !== "string" || typeof state.ca?.privateKey !== "string") {
    throw new DataFileError(path, `"ca" is missing`);
  }
  if (state.schema === 1) {
    checkVault(path, "vault", state.vault);
    const { vault, ...rest } = state as PersistedStateV1;
    // The one vault of a schema-1 file becomes the vault "emulator", with the settings it is started with.
    const name = DEFAULT_VAULT_NAME;
    return {
      ...rest,
      schema: 3,
      logGeneration: 0,
      vaults: { defaultVault: name, vaults: [{ name, state: vault }] },
    };
  }
  const current = state as Partial<PersistedState> | Partial<PersistedStateV2>;
  const logGeneration = current.schema === 3 ? current.logGeneration : 0;
  if (!Number.isSafeInteger(logGeneration)) throw new DataFileError(path, `"logGeneration" is missing`);
  const identity = current.schema === 3 ? current.identity : undefined;
  if (
    identity !== undefined &&
    !(Number.isInteger(identity?.port) && typeof identity?.header === "string" && identity.header.length > 0)
  ) {
    throw new DataFileError(path, `"identity" needs a port and a header`);
  }
  const vaults = current.vaults;
  if (typeof vaults?.defaultVault !== "string" || !Array.isArray(vaults.vaults)) {
    throw new DataFileError(path, `"vaults" is missing`);
  }
  for (const vault of vaults.vaults) {
    if (typeof vault?.name !== "string") throw new DataFileError(path, `a vault has no "name"`);
    checkVault(path, `vault "${vault.name}"`, vault.state);
  }
  return { ...(current as PersistedState), schema: 3, logGeneration: logGeneration! };
}

function checkVault(path: string, what: string, snapshot: VaultSnapshot | undefined): void {
  if (typeof snapshot !== "object" || snapshot === null) throw new DataFileError(path, `${what} is missing`);
  try {
    parseVaultSnapshot(snapshot);
  } catch (error) {
    throw new DataFileError(path, `${what} is not a usable vault snapshot (${(error as Error).message})`);
  }
}

/**
 * Checks the data file can be created where it was asked for (its directory exists and is one), so a
 * wrong path fails with its own name instead of an internal temporary file's; DataFileError otherwise.
 */
export function checkDataFileDirectory(path: string): void {
  const directory = dirname(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "does not exist" : `cannot be read (${code})`;
    throw new DataFileError(path, `its directory ${directory} ${problem}`, NEW_PATH_ADVICE);
  }
  if (!isDirectory) throw new DataFileError(path, `${directory} is not a directory`, NEW_PATH_ADVICE);
}

/**
 * Removes temporary files a killed emulator left beside `path` (a crash between writing the temporary
 * file and renaming it leaves one; the data file itself is still the previous complete version).
 */
export function removeStaleTemporaryFiles(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) rmSync(join(dirname(path), name), { force: true });
  }
}

/** Writes `text` to `path` atomically: temp file in the same directory, fsync, rename, fsync the directory. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  syncDirectory(dirname(path));
}

function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}
