// Where provisioned tools live (outside the repository, shared by every clone and worktree), and the one
// progress line a provisioning step prints.
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The cache folder for downloaded runtimes and provisioning locks: `$XDG_CACHE_HOME/keyvault-secrets-client`,
 * else `~/.cache/keyvault-secrets-client`. Outside the repository so a fresh clone reuses earlier downloads.
 */
export function provisionCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "keyvault-secrets-client");
}

/** A provisioning step that could not be done here; the message names the one command that fixes it. */
export class ProvisionError extends Error {
  override name = "ProvisionError";
}

/** Prints one progress line on stderr (visible in vitest's output, not mixed into test reports). */
export function progress(line: string): void {
  process.stderr.write(`[provision] ${line}\n`);
}
