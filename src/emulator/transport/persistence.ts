// The data file: the vault snapshot, the token key and the CA, kept across restarts. Every write goes
// to a temporary file that is fsynced and then renamed over the data file, so a crash (even kill -9)
// at any moment leaves either the previous or the new complete file.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { CertificateAndKey } from "../identity/certificates.js";
import { DEFAULT_VAULT_NAME } from "../vault/vaultHosts.js";
import type { VaultRegistrySnapshot } from "../vault/vaultRegistry.js";
import { parseVaultSnapshot } from "../vault/vaultSnapshot.js";
import type { VaultSnapshot } from "../vault/vaultStore.js";

/** What the data file holds (schema 2: every vault; schema-1 files, of one vault, are read as its default). */
export interface PersistedState {
  schema: 2;
  /** The tenant named in tokens and challenges. */
  tenantId: string;
  /** Base64 of the HS256 token key, so tokens stay valid across restarts. */
  tokenKey: string;
  /** The CA (certificate and key), so clients keep trusting the emulator across restarts. */
  ca: CertificateAndKey;
  /** Every vault with its settings and state. */
  vaults: VaultRegistrySnapshot;
}

/** The schema-1 file: one vault. */
interface PersistedStateV1 extends Omit<PersistedState, "schema" | "vaults"> {
  schema: 1;
  vault: VaultSnapshot;
}

/** A data file that cannot be used. The file is left untouched. */
export class DataFileError extends Error {
  constructor(
    /** The data file's path. */
    readonly path: string,
    reason: string,
  ) {
    super(
      `The emulator data file ${path} cannot be loaded: ${reason}. ` +
        `It was left untouched; move it away (or fix it) to start with this path.`,
    );
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
  const state = value as Partial<PersistedState> | Partial<PersistedStateV1>;
  if (state.schema !== 1 && state.schema !== 2) {
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
    return { ...rest, schema: 2, vaults: { defaultVault: name, vaults: [{ name, state: vault }] } };
  }
  const vaults = (state as Partial<PersistedState>).vaults;
  if (typeof vaults?.defaultVault !== "string" || !Array.isArray(vaults.vaults)) {
    throw new DataFileError(path, `"vaults" is missing`);
  }
  for (const vault of vaults.vaults) {
    if (typeof vault?.name !== "string") throw new DataFileError(path, `a vault has no "name"`);
    checkVault(path, `vault "${vault.name}"`, vault.state);
  }
  return state as PersistedState;
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

/**
 * Writes the data file after mutations: a write waits `debounceMs` so a burst shares one write, writes
 * never overlap, and a mutation during a write triggers one more.
 */
export class DataFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private lastError: Error | undefined;

  /**
   * @param path - The data file.
   * @param produce - Returns the state to write (called when the write starts).
   * @param debounceMs - Delay between a mutation and its write.
   * @param onError - Told about failed background writes (the next write retries).
   */
  constructor(
    readonly path: string,
    private readonly produce: () => PersistedState,
    private readonly debounceMs: number,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /** Notes a mutation; the file is written after the debounce delay. */
  schedule(): void {
    this.dirty = true;
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow().catch((error: Error) => this.onError(error));
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes the current state now (after any write in progress) and resolves when it is on disk. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    while (this.writing) await this.writing.catch(() => undefined);
    await this.writeNow();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The last background write error, if the latest write failed. */
  get error(): Error | undefined {
    return this.lastError;
  }

  private async writeNow(): Promise<void> {
    if (this.writing) return this.writing;
    this.dirty = false;
    const text = JSON.stringify(this.produce());
    this.writing = writeFileAtomic(this.path, text).then(
      () => {
        this.lastError = undefined;
      },
      (error: Error) => {
        this.lastError = error;
        this.dirty = true;
        throw error;
      },
    );
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
      if (this.dirty) this.schedule();
    }
  }
}
