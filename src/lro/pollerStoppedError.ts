// Node variant (browsers get pollerStoppedError-browser.ts through the package's "browser" export).

/**
 * The error a stopped poller's pending `pollUntilDone` rejects with: `@azure/core-lro`'s own
 * `PollerStoppedError`, not a look-alike, because code written for `@azure/keyvault-secrets` checks
 * `error instanceof PollerStoppedError` with the class imported from `@azure/core-lro`.
 *
 * core-lro is imported here, at the moment of the rejection (which is asynchronous anyway), instead of at
 * startup: its modules would otherwise load with every client, although few programs ever stop a poller
 * (docs/performance.md#core-lro-loaded-late).
 * The CommonJS build turns this `import()` into `require()`, so each build gets the class of its own format.
 * @internal
 */
export async function createPollerStoppedError(): Promise<Error> {
  const { PollerStoppedError } = await import("@azure/core-lro");
  return new PollerStoppedError("This poller is already stopped");
}
