// Browser variant of localhostResolution.ts, mapped over it by the package's "browser" export: browsers
// resolve `*.localhost` to loopback themselves (as RFC 6761 asks), so there is nothing to do. The browser
// pipeline does not add this policy; the twin keeps every browser-bound file free of Node built-ins.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** Name of the policy that resolves `*.localhost` vault hosts to loopback. */
export const localhostResolutionPolicyName = "localhostResolutionPolicy";

/**
 * A pass-through: the browser already sends `*.localhost` requests to loopback.
 * @internal
 */
export function localhostResolutionPolicy(): PipelinePolicy {
  return { name: localhostResolutionPolicyName, sendRequest: (request, next) => next(request) };
}
