/**
 * A Map kept in least-recently-used order: a read moves the key to the end, inserting beyond `capacity`
 * hands back the oldest entries for the caller to evict.
 * @internal
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  // Re-inserting costs a delete and a set; skipping it for the key read last keeps a hot loop on one name cheap.
  private newest: K | undefined;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value of `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, value);
      this.newest = key;
    }
    return value;
  }

  /** The value of `key` without changing the order. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Stores `key` as most recently used; returns the entries pushed out by the capacity. */
  set(key: K, value: V): V[] {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    const evicted: V[] = [];
    for (const [oldest, oldestValue] of this.map) {
      if (this.map.size <= this.capacity) break;
      this.map.delete(oldest);
      evicted.push(oldestValue);
    }
    return evicted;
  }

  delete(key: K): boolean {
    if (key === this.newest) this.newest = undefined;
    return this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
  }
}
