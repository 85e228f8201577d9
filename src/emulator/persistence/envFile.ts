// The variables a client process needs, as dotenv text: what the CLI prints on stdout and writes to
// --env-out. Plain NAME=value lines, quoted only when a value holds characters a shell would split or
// expand, so both `set -a; . FILE` and `node --env-file=FILE` read them.
import { writeFileAtomic } from "./dataFile.js";

/** One `NAME=value` line per variable. */
export function envFileText(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `${envLine(name, value)}\n`)
    .join("");
}

function envLine(name: string, value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? `${name}=${value}` : `${name}='${value.replace(/'/g, "'\\''")}'`;
}

/**
 * Writes `text` to `path` in one step (a reader polling for the file never sees half of it); an error
 * names the path.
 */
export async function writeEnvFile(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw new Error(`cannot write --env-out ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`, {
      cause: error,
    });
  }
}
