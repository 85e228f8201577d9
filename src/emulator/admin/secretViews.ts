// What the admin API shows of a secret: its attributes and tags, never its value (a value leaves only
// through an explicit reveal), and the paged, filtered listing the dashboard renders.
import { currentVersion, type SecretRecord, type VersionRecord } from "../vault/vaultRecords.js";
import type { VaultStore } from "../vault/vaultStore.js";
import { AdminError } from "./adminContext.js";

/** The store's key of a name (VaultStore's keyOf, repeated to keep the import chain short). */
const keyOf = (name: string): string => name.toUpperCase();

/** A version without its value. */
export type VersionView = Omit<VersionRecord, "value" | "sequence">;

/** A secret as listed: its current version's attributes, how many versions it has, its deletion facts. */
export interface SecretView extends VersionView {
  name: string;
  versionCount: number;
  deletedDate?: number;
  scheduledPurgeDate?: number;
}

/** A page of secrets and the cursor of the next one. */
export interface SecretPage {
  items: SecretView[];
  /** Pass as `after` for the next page; absent on the last one. */
  next?: string;
  /** How many secrets matched the filter (all pages). */
  total: number;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

/** A version's attributes, value and internal sequence left out. */
export function versionView({ value: _value, sequence: _sequence, ...rest }: VersionRecord): VersionView {
  return rest;
}

/** The listing view of a secret. */
export function secretView(record: SecretRecord): SecretView {
  const view: SecretView = {
    name: record.name,
    ...versionView(currentVersion(record)),
    versionCount: record.versions.length,
  };
  if (record.deletion) {
    view.deletedDate = record.deletion.deletedDate;
    view.scheduledPurgeDate = record.deletion.scheduledPurgeDate;
  }
  return view;
}

/**
 * One page of a vault's active (or, with `deleted`, soft-deleted) secrets in listing order, filtered by
 * `name` (a case-insensitive substring) and `tag` (`key` or `key=value`), after the cursor `after`.
 */
export function listSecrets(store: VaultStore, query: URLSearchParams, deleted: boolean): SecretPage {
  store.sweep();
  const top = pageSize(query.get("top"));
  const after = query.get("after") ?? undefined;
  const name = query.get("name")?.toLowerCase() ?? "";
  const tag = query.get("tag") ?? "";
  const all = deleted ? store.listDeleted() : store.listActive();
  const filtered = name || tag ? all.filter((record) => matches(record, name, tag)) : all;
  const start = after === undefined ? 0 : firstAfter(filtered, after);
  const items = filtered.slice(start, start + top);
  const more = start + top < filtered.length;
  return {
    items: items.map(secretView),
    ...(more ? { next: keyOf(items[items.length - 1]!.name) } : {}),
    total: filtered.length,
  };
}

function matches(record: SecretRecord, name: string, tag: string): boolean {
  if (name && !record.name.toLowerCase().includes(name)) return false;
  if (!tag) return true;
  const [key, ...rest] = tag.split("=");
  const tags = currentVersion(record).tags ?? {};
  if (!(key! in tags)) return false;
  return rest.length === 0 || tags[key!] === rest.join("=");
}

/** Index of the first record whose key sorts after `after` (records are in key order). */
function firstAfter(records: readonly SecretRecord[], after: string): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(records[middle]!.name) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

function pageSize(text: string | null): number {
  if (text === null) return DEFAULT_PAGE;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new AdminError(400, `top must be a whole number from 1 to ${MAX_PAGE}`);
  }
  return size;
}
