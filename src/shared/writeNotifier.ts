// The one link from SecretClient to SecretCache: the client's write methods report the name they changed and
// the caches built on that client listen. Deliberately tiny and free of cache code, so a bundle that imports
// only SecretClient pays a few bytes for it.

/** Told about a write: `allVersions` is false when only the "latest" answer changed (a new version). */
type WriteListener = (secretName: string, allVersions: boolean) => void;

const listeners = new WeakMap<object, Set<WriteListener>>();

/** Tells the listeners of `client` that `secretName` was written. @internal */
export function notifyWrite(client: object, secretName: string, allVersions: boolean): void {
  listeners.get(client)?.forEach((listener) => listener(secretName, allVersions));
}

/**
 * Settles like `write`, telling the client's listeners about `secretName` either way (a write that failed on
 * the way back may still have reached the vault).
 * @internal
 */
export function reportWrite<T>(
  client: object,
  secretName: string,
  allVersions: boolean,
  write: Promise<T>,
): Promise<T> {
  return write.finally(() => notifyWrite(client, secretName, allVersions));
}

/** Subscribes to the writes through `client`; returns the unsubscribe function. @internal */
export function onSecretWrite(client: object, listener: WriteListener): () => void {
  let set = listeners.get(client);
  if (!set) listeners.set(client, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
