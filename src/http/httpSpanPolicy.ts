import {
  tracingPolicy,
  tracingPolicyName,
  type PipelinePolicy,
  type PipelineRequest,
  type TracingPolicyOptions,
} from "@azure/core-rest-pipeline";

// Requests of an operation whose span does not record (always the case without an OpenTelemetry
// instrumenter). Weakly held: the set never keeps a request alive.
const requestsOfUnrecordedOperations = new WeakSet<PipelineRequest>();

/**
 * Marks a request whose operation span does not record, so {@link httpSpanPolicy} skips the HTTP span.
 * @internal
 */
export function markUnrecordedOperation(request: PipelineRequest): void {
  requestsOfUnrecordedOperations.add(request);
}

/**
 * core-rest-pipeline's tracing policy (same name, same options, same `HTTP <method>` spans), run only for
 * requests of a recording operation span. An HTTP span is the child of the operation span, so a sampler that
 * drops the operation drops it too; without an instrumenter both are no-ops. Skipping it saves core's work of
 * sanitizing the URL and building a span context on every request, which is most of the pipeline's own CPU.
 * @internal
 */
export function httpSpanPolicy(options: TracingPolicyOptions): PipelinePolicy {
  const httpSpans = tracingPolicy(options);
  return {
    name: tracingPolicyName,
    sendRequest(request, next) {
      return requestsOfUnrecordedOperations.has(request)
        ? next(request)
        : httpSpans.sendRequest(request, next);
    },
  };
}
