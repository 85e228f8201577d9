import {
  tracingPolicy,
  tracingPolicyName,
  type PipelinePolicy,
  type PipelineRequest,
  type TracingPolicyOptions,
} from "@azure/core-rest-pipeline";

// Marks a request of an operation whose span does not record (always the case without an OpenTelemetry
// instrumenter). A symbol-keyed property rather than a WeakSet: a WeakSet entry per request made every
// garbage collection trace an ephemeron table.
const unrecorded = Symbol("unrecordedOperation");
type MarkableRequest = PipelineRequest & { [unrecorded]?: true };

/**
 * Marks a request whose operation span does not record, so {@link httpSpanPolicy} skips the HTTP span.
 * @internal
 */
export function markUnrecordedOperation(request: PipelineRequest): void {
  (request as MarkableRequest)[unrecorded] = true;
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
      return (request as MarkableRequest)[unrecorded] ? next(request) : httpSpans.sendRequest(request, next);
    },
  };
}
