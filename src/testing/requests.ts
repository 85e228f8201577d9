// Assertions on what a test vault answered, with a failure message that lists what it did answer.
import type { JournalEntry, OperationName } from "../emulator/index.js";

/** Which journalled requests to pick; every field that is set must match. */
export interface RequestFilter {
  /** The operation, e.g. `"getSecret"`. @default any */
  operation?: OperationName;
  /** The secret name (case-insensitive, as Key Vault names are). @default any */
  name?: string;
  /** The status answered (`0`: no answer was sent). @default any */
  status?: number;
  /** The named identity that sent it; `"default"` for the default identity. @default any */
  identity?: string;
  /**
   * How many requests must match: when set, a different number throws an Error that lists the vault's
   * requests.
   * @default undefined (no check)
   */
  count?: number;
}

/** The entries of `journal` that match `filter`; throws a readable Error when `filter.count` is not met. */
export function pickRequests(journal: JournalEntry[], filter: RequestFilter, vault: string): JournalEntry[] {
  const { count, ...criteria } = filter;
  const picked = journal.filter((entry) => matches(entry, criteria));
  if (count !== undefined && picked.length !== count) {
    const wanted = Object.entries(criteria)
      .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
      .join(", ");
    const listing = journal.length
      ? journal.map((entry, index) => `  ${index + 1}. ${describe(entry)}`).join("\n")
      : "  (none)";
    throw new Error(
      `Expected ${count} request(s) to vault "${vault}"${wanted ? ` with ${wanted}` : ""}, ` +
        `found ${picked.length}. The vault answered ${journal.length} request(s):\n${listing}`,
    );
  }
  return picked;
}

function matches(entry: JournalEntry, criteria: Omit<RequestFilter, "count">): boolean {
  const { operation, name, status, identity } = criteria;
  return (
    (operation === undefined || entry.operation === operation) &&
    (name === undefined || entry.secretName?.toLowerCase() === name.toLowerCase()) &&
    (status === undefined || entry.status === status) &&
    (identity === undefined || (entry.identity ?? "default") === identity)
  );
}

/** One line per request: `GET getSecret "db" → 404 (as reader)`. */
function describe(entry: JournalEntry): string {
  const name = entry.secretName === undefined ? "" : ` "${entry.secretName}"`;
  const identity = entry.identity ? ` (as ${entry.identity})` : "";
  const fault = entry.fault ? ` [fault ${entry.fault}]` : "";
  return `${entry.method} ${entry.operation ?? "(no operation)"}${name} → ${entry.status}${identity}${fault}`;
}
