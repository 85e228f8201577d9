// HTTP spans only under a recording operation: a request marked as belonging to an unrecorded operation
// skips core's tracing policy, any other request gets its `HTTP <method>` span.
import { useInstrumenter, type Instrumenter, type TracingContext } from "@azure/core-tracing";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { httpSpanPolicy, markUnrecordedOperation } from "../../../src/http/policies/httpSpanPolicy.js";

const context: TracingContext = {
  getValue: () => undefined,
  setValue: () => context,
  deleteValue: () => context,
};

function recordingInstrumenter(spans: string[]): Instrumenter {
  return {
    startSpan(name) {
      spans.push(name);
      const span = {
        setStatus: () => undefined,
        setAttribute: () => undefined,
        end: () => undefined,
        recordException: () => undefined,
        isRecording: () => true,
      };
      return { span, tracingContext: context };
    },
    withContext: (_context, callback, ...args) => callback(...args),
    parseTraceparentHeader: () => undefined,
    createRequestHeaders: () => ({}),
  };
}

afterEach(() => useInstrumenter(recordingInstrumenter([])));

async function spansOf(request: PipelineRequest): Promise<string[]> {
  const spans: string[] = [];
  useInstrumenter(recordingInstrumenter(spans));
  await httpSpanPolicy({}).sendRequest(request, async (sent) => ({
    status: 200,
    headers: createHttpHeaders(),
    request: sent,
  }));
  return spans;
}

describe("httpSpanPolicy", () => {
  it("starts an HTTP span for a request of a recording operation", async () => {
    expect(await spansOf(createPipelineRequest({ url: "https://myvault.vault.azure.net/" }))).toEqual([
      "HTTP GET",
    ]);
  });

  it("starts none for a request marked as part of an unrecorded operation", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    markUnrecordedOperation(request);
    expect(await spansOf(request)).toEqual([]);
  });
});
