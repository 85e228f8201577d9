import {
  useInstrumenter,
  type Instrumenter,
  type SpanStatus,
  type TracingContext,
} from "@azure/core-tracing";
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import {
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type ScriptStep,
} from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";
const ID = `${VAULT}/secrets/a/1`;

interface RecordedSpan {
  name: string;
  status?: SpanStatus;
  ended: boolean;
}

/** A minimal immutable tracing context. */
function createContext(values = new Map<symbol, unknown>()): TracingContext {
  return {
    getValue: (key) => values.get(key),
    setValue: (key, value) => createContext(new Map(values).set(key, value)),
    deleteValue: (key) => {
      const copy = new Map(values);
      copy.delete(key);
      return createContext(copy);
    },
  };
}

/** An instrumenter that records every span started through core-tracing (or none, when `spans` is omitted). */
function createInstrumenter(spans?: RecordedSpan[]): Instrumenter {
  return {
    startSpan(name) {
      const recorded: RecordedSpan = { name, ended: false };
      spans?.push(recorded);
      return {
        span: {
          setStatus: (status) => (recorded.status = status),
          setAttribute: () => undefined,
          end: () => (recorded.ended = true),
          recordException: () => undefined,
          isRecording: () => true,
        },
        tracingContext: createContext(),
      };
    },
    withContext: (_context, callback, ...args) => callback(...args),
    parseTraceparentHeader: () => undefined,
    createRequestHeaders: () => ({}),
  };
}

function recordSpans(): RecordedSpan[] {
  const spans: RecordedSpan[] = [];
  useInstrumenter(createInstrumenter(spans));
  return spans;
}

afterEach(() => useInstrumenter(createInstrumenter()));

function client(...steps: ScriptStep[]) {
  return new SecretClient(VAULT, new RecordingCredential(), {
    httpClient: new ScriptedHttpClient([challenge(), ...steps]),
    retryOptions: { maxRetries: 0 },
  });
}

describe("SecretClient tracing", () => {
  it("runs each operation in a SecretClient.<method> span that ends with success", async () => {
    const spans = recordSpans();
    const secretClient = client(
      { status: 200, body: { value: "v", id: ID } },
      { status: 200, body: { value: "v", id: ID } },
      { status: 200, body: { id: ID } },
      { status: 200, body: { value: "AQ" } },
      { status: 204 },
    );
    await secretClient.setSecret("a", "v");
    await secretClient.getSecret("a");
    await secretClient.updateSecretProperties("a", "1", { enabled: true });
    await secretClient.backupSecret("a");
    await secretClient.purgeDeletedSecret("a");
    const ours = spans.filter((span) => span.name.startsWith("SecretClient."));
    expect(ours.map((span) => span.name)).toEqual([
      "SecretClient.setSecret",
      "SecretClient.getSecret",
      "SecretClient.updateSecretProperties",
      "SecretClient.backupSecret",
      "SecretClient.purgeDeletedSecret",
    ]);
    expect(ours.every((span) => span.ended && span.status?.status === "success")).toBe(true);
  });

  it("names the delete poller's requests like the official package", async () => {
    const spans = recordSpans();
    const deleted = { id: ID, recoveryId: `${VAULT}/deletedsecrets/a`, deletedDate: 1 };
    const poller = await client(
      { status: 200, body: deleted },
      { status: 200, body: deleted },
    ).beginDeleteSecret("a", {
      intervalInMs: 0,
    });
    await poller.pollUntilDone();
    expect(spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(["DeleteSecretPoller.deleteSecret", "DeleteSecretPoller.getDeletedSecret"]),
    );
  });

  it("ends the span with an error status when the operation fails", async () => {
    const spans = recordSpans();
    await expect(
      client({ status: 404, body: { error: { code: "SecretNotFound", message: "m" } } }).getSecret("a"),
    ).rejects.toMatchObject({ statusCode: 404 });
    const span = spans.find((recorded) => recorded.name === "SecretClient.getSecret");
    expect(span?.status?.status).toBe("error");
    expect(span?.ended).toBe(true);
  });
});
