// Browser variant of localhostResolution.ts, mapped over it by the package's "browser" export: browsers
// resolve `*.localhost` to loopback themselves (as RFC 6761 asks), so there is nothing to do. The browser
// pipeline does not add this policy; the twin keeps every browser-bound file free of Node built-ins.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** Name of the policy that resolves `*.localhost` vault hosts to loopback. */
export const localhostResolutionPolicyName = "localhostResolutionPolicy";

/** Whether `hostname` is a name below `localhost` (`dev.vault.localhost`, with or without a final dot). */
export function isLocalhostSubdomain(hostname: string): boolean {
  return /^[^.]+(?:\.[^.]+)*\.localhost\.?$/i.test(hostname);
}

/** Node only: browsers resolve names themselves, so there is no lookup to replace. */
export function localhostLookup(): never {
  throw new Error("localhostLookup is Node only: browsers resolve *.localhost to loopback themselves");
}

/**
 * A pass-through: the browser already sends `*.localhost` requests to loopback.
 * @internal
 */
export function localhostResolutionPolicy(): PipelinePolicy {
  return { name: localhostResolutionPolicyName, sendRequest: (request, next) => next(request) };
}
