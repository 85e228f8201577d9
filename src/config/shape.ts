// From loaded secrets to the values tree: sections from the key delimiter, collisions, JSON, freezing, and
// the two flat readings (dot paths and environment variables).
import type { SecretsConfigProblem } from "./errors.js";
import type { SecretsConfigTree } from "./options.js";

/** One loaded secret. The value never leaves the loader except through `values`. @internal */
export interface LoadedSecret {
  /** The name as the vault spells it. */
  name: string;
  /** The name with the prefix stripped. */
  key: string;
  value: string;
  contentType: string | undefined;
  /** `updatedOn` in epoch ms, as the listing reports it: what a refresh compares. */
  updatedOn: number | undefined;
}

interface Node {
  spelling: string;
  owner: string;
  leaf?: unknown;
  children?: Map<string, Node>;
}

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/** Freezes an object and everything in it. @internal */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function leafValue(secret: LoadedSecret, parseJson: boolean, problems: SecretsConfigProblem[]): unknown {
  if (!parseJson || secret.contentType === undefined || !JSON_CONTENT_TYPE.test(secret.contentType)) {
    return secret.value;
  }
  try {
    return deepFreeze(JSON.parse(secret.value) as unknown);
  } catch {
    problems.push({
      name: secret.name,
      reason: "its contentType is application/json but its value is not JSON",
    });
    return undefined;
  }
}

/**
 * The deep-frozen tree of `secrets` (one per key, case-insensitively). A name that is both a value and a
 * section, or two names reaching one key, is a problem naming both secrets. @internal
 */
export function buildTree(
  secrets: Iterable<LoadedSecret>,
  keyDelimiter: string,
  parseJson: boolean,
  problems: SecretsConfigProblem[],
): SecretsConfigTree {
  const root = new Map<string, Node>();
  const sorted = [...secrets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const secret of sorted) {
    const segments = keyDelimiter === "" ? [secret.key] : secret.key.split(keyDelimiter);
    if (segments.includes("")) {
      problems.push({
        name: secret.name,
        reason: `has an empty section around the delimiter "${keyDelimiter}"`,
      });
      continue;
    }
    let level = root;
    for (const [index, segment] of segments.entries()) {
      const last = index === segments.length - 1;
      // Sections match case-insensitively, as Key Vault names do; the first spelling (in key order) is kept.
      const found = level.get(segment.toLowerCase());
      if (found && (last || found.children === undefined)) {
        problems.push({
          name: `${found.owner} and ${secret.name}`,
          reason: `"${segments.slice(0, index + 1).join(".")}" would be both a value and a section`,
        });
        break;
      }
      if (last) {
        level.set(segment.toLowerCase(), {
          spelling: segment,
          owner: secret.name,
          leaf: leafValue(secret, parseJson, problems),
        });
      } else {
        let node = found;
        if (!node)
          level.set(
            segment.toLowerCase(),
            (node = { spelling: segment, owner: secret.name, children: new Map() }),
          );
        level = node.children!;
      }
    }
  }
  return toObject(root);
}

function toObject(level: Map<string, Node>): SecretsConfigTree {
  const out: Record<string, unknown> = {};
  for (const node of level.values()) out[node.spelling] = node.children ? toObject(node.children) : node.leaf;
  return Object.freeze(out);
}

/** The value at a dot path (`Database.Password`), each segment matched exactly, then case-insensitively. @internal */
export function readPath(values: unknown, path: string): unknown {
  let current = values;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    const record = current as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(record, segment)) {
      current = record[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const match = Object.keys(record).find((key) => key.toLowerCase() === lower);
    if (match === undefined) return undefined;
    current = record[match];
  }
  return current;
}

/**
 * Flattens `values` into environment variables, `__` between levels (`Database__Password`, the convention
 * .NET and most config libraries read back as a section). Strings as they are, anything else as JSON. @internal
 */
export function flatten(values: unknown): Record<string, string> {
  const into: Record<string, string> = {};
  if (typeof values === "object" && values !== null && !Array.isArray(values)) {
    for (const [key, child] of Object.entries(values)) flattenInto(child, key, into);
  }
  return into;
}

function flattenInto(value: unknown, name: string, into: Record<string, string>): void {
  if (typeof value === "string") into[name] = value;
  else if (typeof value === "object" && value !== null && !Array.isArray(value) && isTree(value)) {
    for (const [key, child] of Object.entries(value)) flattenInto(child, `${name}__${key}`, into);
  } else if (value !== undefined) into[name] = JSON.stringify(value);
}

// A section of the tree is a plain object; a parsed JSON object is one too, and flattens the same way.
function isTree(value: object): boolean {
  return Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
}
