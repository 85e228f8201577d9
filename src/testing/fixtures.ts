// The fixtures seed() reads: the formats of the emulator's --seed file (src/emulator/persistence/seed.ts),
// so one file serves both. JSON `{"name": "value"}` or `{"name": {"value", "contentType", "tags",
// "enabled"}}`, or .env-style `NAME=value` lines (`#` comments, optional `export ` and quotes; `_` in names
// becomes `-`, the only separator Key Vault names allow).
import { readFile } from "node:fs/promises";

/** One secret of a fixture. */
export interface FixtureSecret {
  /** The secret name. */
  name: string;
  /** Its value. */
  value: string;
  /** Its content type. @default undefined */
  contentType?: string;
  /** Its tags. @default undefined */
  tags?: Record<string, string>;
  /** Whether it is enabled. @default true */
  enabled?: boolean;
}

/** A fixture given in code: what a JSON fixture file holds. */
export type SeedFixture = Record<string, string | Omit<FixtureSecret, "name">>;

/** The secrets of a fixture: a path to a JSON or .env file, or the object a JSON file would hold. */
export async function readFixture(fixture: string | SeedFixture): Promise<FixtureSecret[]> {
  if (typeof fixture !== "string") return fromObject(fixture, "the fixture");
  const text = await readFile(fixture, "utf8");
  if (!text.trimStart().startsWith("{")) return fromDotenv(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`fixture ${fixture} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return fromObject(parsed, `fixture ${fixture}`);
}

function fromObject(parsed: unknown, where: string): FixtureSecret[] {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError(`${where} must be an object of name: value`);
  }
  return Object.entries(parsed).map(([name, entry]) => {
    const secret = typeof entry === "string" ? { value: entry } : (entry as Omit<FixtureSecret, "name">);
    if (typeof secret?.value !== "string") {
      throw new TypeError(`${where}, secret "${name}": needs a string value`);
    }
    return { ...secret, name };
  });
}

function fromDotenv(text: string): FixtureSecret[] {
  const secrets: FixtureSecret[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new TypeError(`fixture line ${index + 1} is not NAME=value`);
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\n/g, "\n") : quoted[2]!;
    secrets.push({ name: match[1]!.replace(/_/g, "-"), value });
  });
  return secrets;
}
