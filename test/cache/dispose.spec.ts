// No leaks of time: the cache's timers are unref()ed (a process with a pending retry still exits), and
// dispose() cancels them, aborts requests in flight and refuses further use.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const RETRY_MS = 3_600_000;
const src = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)));

// The child counts live timers of the cache's retry delay itself: Node does not list unref()ed timers.
const childScript = `
const live = new Set();
const realSetTimeout = globalThis.setTimeout, realClearTimeout = globalThis.clearTimeout;
globalThis.setTimeout = (callback, ms, ...args) => {
  const handle = realSetTimeout(() => { live.delete(handle); callback(...args); }, ms);
  if (ms >= ${RETRY_MS / 2}) live.add(handle);
  return handle;
};
globalThis.clearTimeout = (handle) => { live.delete(handle); realClearTimeout(handle); };
const { SecretCache, SecretClient } = await import(${src("index.ts")});
const { createEmulatorHttpClient } = await import(${src("emulator/index.ts")});
const emulator = createEmulatorHttpClient();
const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator, retryOptions: { maxRetries: 0 } });
await client.setSecret("db", "v1");
const cache = new SecretCache(client, { retryDelayMs: ${RETRY_MS}, maxRetryDelayMs: ${RETRY_MS}, jitterRatio: 0 });
await cache.get("db");
emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
const stale = await cache.get("db", { forceRefresh: true }); // fails: served stale, a retry is scheduled
const scheduled = live.size;
if (process.argv[2] === "dispose") cache.dispose();
console.log(JSON.stringify({ stale, scheduled, liveAtExit: live.size }));
`;

let directory: string;
let bundlePath: string;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "secret-cache-exit-"));
  bundlePath = join(directory, "child.mjs");
  const entry = join(directory, "child.ts");
  writeFileSync(entry, childScript);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundlePath,
    logLevel: "silent",
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function runChild(mode: "dispose" | "keep") {
  const child = spawnSync(process.execPath, [bundlePath, mode], { encoding: "utf8", timeout: 30_000 });
  return {
    status: child.status,
    signal: child.signal,
    output: JSON.parse(child.stdout || "null"),
    stderr: child.stderr,
  };
}

describe("SecretCache timers", () => {
  it("never keep a process alive: with an hour-long retry pending, the process exits at once", () => {
    const { status, signal, output } = runChild("keep");
    expect({ status, signal }).toEqual({ status: 0, signal: null });
    expect(output).toEqual({ stale: "v1", scheduled: 1, liveAtExit: 1 });
  });

  it("are all cancelled by dispose(), and the process exits", () => {
    const { status, signal, output } = runChild("dispose");
    expect({ status, signal }).toEqual({ status: 0, signal: null });
    expect(output).toEqual({ stale: "v1", scheduled: 1, liveAtExit: 0 });
  });
});

describe("SecretCache.dispose", () => {
  it("cancels retries, aborts the request in flight and refuses further calls", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("db", "v1");
    const cache = fixture.cache({ ttlMs: 5_000, jitterRatio: 0 });
    await cache.get("db");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    await cache.get("db", { forceRefresh: true });
    expect(fixture.clock.pendingTimers).toBe(1);
    fixture.transport.hold();
    const waiting = cache.get("other");
    await settle();

    cache.dispose();

    expect(fixture.clock.pendingTimers).toBe(0);
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await expect(cache.get("db")).rejects.toThrow("This SecretCache has been disposed");
    expect(cache.stats().size).toBe(0);
    cache.dispose(); // idempotent
  });
});
