import { createTracingClient, type TracingSpan } from "@azure/core-tracing";
import { SDK_VERSION } from "../shared/constants.js";
import type { OperationOptions } from "../model/options.js";

/**
 * The tracing client behind the `SecretClient.<method>` spans. Without an OpenTelemetry instrumenter
 * registered, core-tracing's no-op implementation makes each span nearly free.
 * @internal
 */
export const tracingClient = createTracingClient({
  namespace: "Microsoft.KeyVault",
  packageName: "keyvault-secrets-client",
  packageVersion: SDK_VERSION,
});

/**
 * Runs `work` in a `<name>` span, as core-tracing's `withSpan` does: the span is the active context while
 * `work` runs and ends with a success or error status. A span that does not record (always the case
 * without an OpenTelemetry instrumenter, and for operations a sampler drops) only ends: `work` still gets
 * the options carrying its tracing context, so credentials and child spans keep their parent, but the
 * context switch and the status bookkeeping, a large share of the client's own CPU per call, are skipped
 * (docs/performance.md#unrecorded-spans).
 * @internal
 */
export function inSpan<T>(
  name: string,
  options: OperationOptions,
  work: (updatedOptions: OperationOptions, recording: boolean) => Promise<T>,
): Promise<T> {
  const { span, updatedOptions } = tracingClient.startSpan(name, options);
  if (!span.isRecording()) {
    span.end();
    return work(updatedOptions, false);
  }
  return recorded(span, updatedOptions, work);
}

async function recorded<T>(
  span: TracingSpan,
  updatedOptions: OperationOptions,
  work: (updatedOptions: OperationOptions, recording: boolean) => Promise<T>,
): Promise<T> {
  try {
    const result = await tracingClient.withContext(updatedOptions.tracingOptions!.tracingContext!, () =>
      work(updatedOptions, true),
    );
    span.setStatus({ status: "success" });
    return result;
  } catch (error) {
    span.setStatus({ status: "error", error: error as Error });
    throw error;
  } finally {
    span.end();
  }
}
