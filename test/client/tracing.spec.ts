import {
  useInstrumenter,
  type Instrumenter,
  type SpanStatus,
  type TracingContext,
} from "@azure/core-tracing";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, createClientFixture } from "../helpers/clientFixture.js";

interface RecordedSpan {
  name: string;
  packageName: string;
  status?: SpanStatus;
  ended: boolean;
}

const spans: RecordedSpan[] = [];

/** A minimal immutable tracing context (core-tracing does not export its own factory at runtime). */
function tracingContext(values = new Map<symbol, unknown>()): TracingContext {
  return {
    getValue: (key) => values.get(key),
    setValue: (key, value) => tracingContext(new Map(values).set(key, value)),
    deleteValue: (key) => {
      const next = new Map(values);
      next.delete(key);
      return tracingContext(next);
    },
  };
}

/** An instrumenter that records the spans the client and core open (names, status, whether they ended). */
const recordingInstrumenter: Instrumenter = {
  startSpan(name, spanOptions) {
    const span: RecordedSpan = { name, packageName: spanOptions.packageName, ended: false };
    spans.push(span);
    return {
      span: {
        setStatus: (status) => (span.status = status),
        setAttribute: () => undefined,
        end: () => (span.ended = true),
        recordException: () => undefined,
        isRecording: () => true,
      },
      tracingContext: spanOptions.tracingContext ?? tracingContext(),
    };
  },
  withContext: (_context, callback, ...args) => callback(...args),
  parseTraceparentHeader: () => undefined,
  createRequestHeaders: () => ({}),
};

beforeAll(() => useInstrumenter(recordingInstrumenter));
function clientSpans(): RecordedSpan[] {
  return spans.filter((span) => span.name.startsWith("SecretClient."));
}

describe("SecretClient tracing", () => {
  it("opens one ended SecretClient.<method> span per public operation", async () => {
    const { client } = createClientFixture();
    spans.length = 0;
    await client.setSecret("traced", "v");
    await client.getSecret("traced");
    await client.updateSecretProperties("traced", "", { enabled: true });
    const backup = (await client.backupSecret("traced"))!;
    await (await client.beginDeleteSecret("traced", { intervalInMs: 0 })).pollUntilDone();
    await client.getDeletedSecret("traced");
    await collect(client.listDeletedSecrets());
    await (await client.beginRecoverDeletedSecret("traced", { intervalInMs: 0 })).pollUntilDone();
    await collect(client.listPropertiesOfSecrets());
    await collect(client.listPropertiesOfSecretVersions("traced"));
    await (await client.beginDeleteSecret("traced", { intervalInMs: 0 })).pollUntilDone();
    await client.purgeDeletedSecret("traced");
    await client.restoreSecretBackup(backup);
    const names = new Set(clientSpans().map((span) => span.name));
    for (const method of [
      "setSecret",
      "getSecret",
      "updateSecretProperties",
      "backupSecret",
      "getDeletedSecret",
      "purgeDeletedSecret",
      "restoreSecretBackup",
      "listPropertiesOfSecrets",
      "listPropertiesOfSecretVersions",
      "listDeletedSecrets",
    ]) {
      expect(names, method).toContain(`SecretClient.${method}`);
    }
    // The pollers' requests carry the official package's span names.
    const allNames = new Set(spans.map((span) => span.name));
    for (const name of [
      "DeleteSecretPoller.deleteSecret",
      "DeleteSecretPoller.getDeletedSecret",
      "RecoverDeletedSecretPoller.recoverDeletedSecret",
    ]) {
      expect(allNames, name).toContain(name);
    }
    expect(allNames).toContain("HTTP PUT");
    expect(spans.filter((span) => !span.ended).map((span) => span.name)).toEqual([]);
    expect(clientSpans().every((span) => span.packageName === "keyvault-secrets-client")).toBe(true);
  });

  it("ends the span with an error status when the operation fails", async () => {
    const { client } = createClientFixture();
    spans.length = 0;
    await client.getSecret("missing").catch(() => undefined);
    const span = clientSpans().find((s) => s.name === "SecretClient.getSecret")!;
    expect(span.ended).toBe(true);
    expect(span.status?.status).toBe("error");
  });

  it("ends the span with success when the operation succeeds", async () => {
    const { client } = createClientFixture();
    await client.setSecret("ok", "v");
    spans.length = 0;
    await client.getSecret("ok");
    expect(clientSpans().find((s) => s.name === "SecretClient.getSecret")?.status?.status).toBe("success");
  });
});
