// A snapshot is everything a reader can see at once: each layer's secrets, the merged secrets and the
// values. It is built whole and swapped in one assignment, so a reader never sees half of a refresh.
import type { SecretsConfigProblem } from "./errors.js";
import type { LayerSecrets } from "./layer.js";
import type { ConfigSettings } from "./settings.js";
import { buildTree, deepFreeze, readPath, type LoadedSecret } from "./shape.js";
import type { StandardSchemaPathSegment, StandardSchemaResult } from "./standardSchema.js";

/** @internal */
export interface Snapshot {
  readonly layers: readonly LayerSecrets[];
  /** The winning secret of each key (lower-case), later layers over earlier ones. */
  readonly merged: ReadonlyMap<string, LoadedSecret>;
  readonly values: unknown;
}

/** An empty snapshot: what the first load is compared with. A function, so no bundle keeps it unused. @internal */
export function emptySnapshot(): Snapshot {
  return { layers: [], merged: new Map(), values: Object.freeze({}) };
}

/** Builds a snapshot from loaded layers; problems (collisions, JSON, required, schema) go to `problems`. @internal */
export async function buildSnapshot(
  layers: readonly LayerSecrets[],
  settings: ConfigSettings,
  problems: SecretsConfigProblem[],
): Promise<Snapshot> {
  const merged = new Map<string, LoadedSecret>();
  // Later vaults win, as Spring's property sources: the same key in a later layer replaces the earlier one.
  for (const layer of layers)
    for (const secret of layer.values()) merged.set(secret.key.toLowerCase(), secret);
  const tree = buildTree(merged.values(), settings.keyDelimiter, settings.parseJson, problems);
  for (const path of settings.required) {
    if (readPath(tree, path) === undefined) {
      problems.push({ name: path, reason: "required, but no enabled and valid secret maps to it" });
    }
  }
  let values: unknown = tree;
  if (settings.schema !== undefined && problems.length === 0) {
    let result: StandardSchemaResult<unknown>;
    try {
      result = await settings.schema["~standard"].validate(tree);
    } catch (error) {
      // A validator that throws may quote the input in its message: only the error's name is kept.
      problems.push({
        name: "(schema)",
        reason: `validate threw a ${(error as Error)?.name ?? "non-error"}`,
      });
      return { layers, merged, values };
    }
    if (result.issues !== undefined) {
      const secrets = loadedStrings(merged.values(), tree);
      for (const issue of result.issues) {
        const quotesValue = [...secrets].some((value) => issue.message.includes(value));
        problems.push({
          name: issue.path?.length ? issue.path.map(segmentName).join(".") : "(root)",
          // A validator may quote the input in its message; a message that holds any loaded value is withheld.
          reason: quotesValue
            ? "failed the schema (its message quoted a value and is withheld)"
            : issue.message,
        });
      }
    } else {
      values = deepFreeze(result.value);
    }
  }
  return { layers, merged, values };
}

function segmentName(segment: StandardSchemaPathSegment): string {
  return String(typeof segment === "object" && segment !== null ? segment.key : segment);
}

/** Every value a message could quote: the raw strings and each primitive inside the tree. */
function loadedStrings(secrets: Iterable<LoadedSecret>, tree: unknown): Set<string> {
  const out = new Set<string>();
  for (const secret of secrets) if (secret.value !== "") out.add(secret.value);
  const visit = (value: unknown): void => {
    if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
    else if (value !== undefined && value !== null && String(value) !== "") out.add(String(value));
  };
  visit(tree);
  return out;
}

/** The secret names a new snapshot added, changed or removed (names only). @internal */
export function diff(before: Snapshot, after: Snapshot): { changed: string[]; removed: string[] } {
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [key, secret] of after.merged) {
    const old = before.merged.get(key);
    if (old === undefined || old.value !== secret.value || old.contentType !== secret.contentType) {
      changed.push(secret.name);
    }
  }
  for (const [key, secret] of before.merged) if (!after.merged.has(key)) removed.push(secret.name);
  return { changed, removed };
}
