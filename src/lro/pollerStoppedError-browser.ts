// Browser variant of pollerStoppedError.ts: a bundler given `import("@azure/core-lro")` bundles all of
// core-lro, whereas this static import keeps only the PollerStoppedError class
// (docs/performance.md#core-lro-loaded-late).
import { PollerStoppedError } from "@azure/core-lro";

/**
 * The error a stopped poller's pending `pollUntilDone` rejects with: `@azure/core-lro`'s own
 * `PollerStoppedError`, which callers test with `instanceof`.
 * @internal
 */
export async function createPollerStoppedError(): Promise<Error> {
  return new PollerStoppedError("This poller is already stopped");
}
