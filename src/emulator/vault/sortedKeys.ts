// A sorted set of secret keys (upper-cased names, compared by UTF-16 code units like the listing order), so a
// listing page starts with a binary search and costs O(page) instead of sorting the vault on every request.

/** Keys in ascending order with O(log n) search and O(n) memmove inserts (docs/performance.md#sorted-keys). */
export class SortedKeys {
  private readonly keys: string[] = [];

  /** Replaces the content with `keys` (any order, no duplicates): one sort instead of n inserts. */
  replaceAll(keys: Iterable<string>): void {
    this.keys.length = 0;
    for (const key of keys) this.keys.push(key);
    this.keys.sort(compare);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Adds `key` (no-op when present). */
  add(key: string): void {
    const index = this.lowerBound(key);
    if (this.keys[index] !== key) this.keys.splice(index, 0, key);
  }

  /** Removes `key` (no-op when absent). */
  delete(key: string): void {
    const index = this.lowerBound(key);
    if (this.keys[index] === key) this.keys.splice(index, 1);
  }

  clear(): void {
    this.keys.length = 0;
  }

  /** Keys strictly greater than `after` (all keys without it), in order, lazily. */
  *after(after: string | undefined): IterableIterator<string> {
    let index = after === undefined ? 0 : this.lowerBound(after);
    if (after !== undefined && this.keys[index] === after) index++;
    for (; index < this.keys.length; index++) yield this.keys[index]!;
  }

  /** The first index whose key is >= `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
