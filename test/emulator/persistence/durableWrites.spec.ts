// Durability of --data without sockets: the emulator core wired to its data file exactly as startEmulator
// wires it, requests through the dispatcher, and the files read back as a restart would read them —
// without stop(), whose final compaction would hide anything the log missed (a crash has no stop()).
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCertificateAuthority } from "../../../src/emulator/identity/certificates.js";
import { startDurability } from "../../../src/emulator/durableEmulator.js";
import {
  loadDurableState,
  logPathOf,
  type DurableState,
} from "../../../src/emulator/persistence/durableState.js";
import { MutationLog } from "../../../src/emulator/persistence/mutationLog.js";
import { EmulatorCore } from "../../../src/emulator/emulatorCore.js";
import { InProcessHttpClient } from "../../../src/emulator/inProcessHttpClient.js";
import { DataFileError, type PersistedState } from "../../../src/emulator/persistence/dataFile.js";
import type { EmulatorHttpClient } from "../../../src/emulator/index.js";
import { json, send } from "../rawRequests.js";

let directory: string;
let dataFile: string;
const ca = createCertificateAuthority();
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-durability-"));
  dataFile = join(directory, "vault.json");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

interface Running {
  core: EmulatorCore;
  durable: DurableState;
  emulator: EmulatorHttpClient;
}

/** An emulator core on `dataFile`, started as startEmulator starts it (state loaded, durability on). */
async function open(options: { recoverableDays?: number } = {}): Promise<Running> {
  const loaded = loadDurableState(dataFile);
  const state = loaded?.state;
  const core = new EmulatorCore(options, {
    tenantId: state?.tenantId,
    tokenKey: state ? Buffer.from(state.tokenKey, "base64") : undefined,
    vaults: state?.vaults,
  });
  const identity = { port: 40000, header: "kept-identity-header" };
  const durable = await startDurability(dataFile, loaded, core, { ca, identity });
  const client = new InProcessHttpClient(core.dispatcher);
  const emulator = {
    sendRequest: (request) => client.sendRequest(request),
    vaultUrl: "https://127.0.0.1:8443",
    credential: core.credential,
  } as EmulatorHttpClient;
  return { core, durable, emulator };
}

/** What a restart would load now: the snapshot with the logs replayed. */
function reloaded(): PersistedState {
  return loadDurableState(dataFile)!.state;
}

function secretNames(state: PersistedState, vault = "emulator"): string[] {
  const found = state.vaults.vaults.find((candidate) => candidate.name === vault)!;
  return found.state.secrets.map((secret) => secret.name).sort();
}

const put = (emulator: EmulatorHttpClient, name: string, value: string) =>
  send(emulator, "PUT", `/secrets/${name}?api-version=7.6`, { body: JSON.stringify({ value }) });

describe("the mutation log", () => {
  it("has a write on disk when it is answered, before any snapshot is rewritten", async () => {
    const { emulator } = await open();
    const snapshotBefore = readFileSync(dataFile, "utf8");
    const response = await put(emulator, "durable", "on disk");
    expect(response.status).toBe(200);
    expect(readFileSync(dataFile, "utf8")).toBe(snapshotBefore); // O(change), not O(vault)
    const state = reloaded();
    const secret = state.vaults.vaults[0]!.state.secrets.find((candidate) => candidate.name === "durable")!;
    expect(secret.versions.map((version) => [version.version, version.value])).toEqual([
      [json(response).id.split("/").pop(), "on disk"],
    ]);
  });

  it("shares one fsync between writes that arrive while another fsync runs (group commit)", async () => {
    const log = await MutationLog.open(join(directory, "group.log"));
    await Promise.all(
      Array.from({ length: 32 }, (_, i) => log.append([{ vault: "v", sequence: i, changes: [] }])),
    );
    expect(readFileSync(join(directory, "group.log"), "utf8").trim().split("\n")).toHaveLength(32);
    expect(log.syncs).toBeGreaterThanOrEqual(1);
    expect(log.syncs).toBeLessThan(32);
    await log.close();
  });

  it("ignores a torn last line (a write never acknowledged) and appends after the intact part", async () => {
    const first = await open();
    await put(first.emulator, "kept", "v");
    appendFileSync(logPathOf(dataFile, 0), '[{"vault":"emulator","sequence":9,"chan');
    expect(secretNames(reloaded())).toEqual(["kept"]);

    const second = await open();
    await put(second.emulator, "after-restart", "v");
    expect(secretNames(reloaded())).toEqual(["after-restart", "kept"]);
  });

  it("refuses a log corrupt before its last line, naming the log and the line", async () => {
    const { emulator } = await open();
    await put(emulator, "one", "v");
    await put(emulator, "two", "v");
    const path = logPathOf(dataFile, 0);
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, ["not json", ...lines.slice(1)].join("\n"));
    expect(() => loadDurableState(dataFile)).toThrow(DataFileError);
    expect(() => loadDurableState(dataFile)).toThrow(`its mutation log ${path} is corrupt: line 1`);
  });

  it("keeps a purge that a read triggered (the scheduled purge date passed)", async () => {
    const { core, emulator } = await open({ recoverableDays: 7 });
    await put(emulator, "expiring", "v");
    await send(emulator, "DELETE", "/secrets/expiring?api-version=7.6");
    core.clock.advance(8 * 86_400_000);
    expect((await send(emulator, "GET", "/deletedsecrets/expiring?api-version=7.6")).status).toBe(404);
    // A restart runs on real time again, where the purge is not due: only the log can know it happened.
    expect(secretNames(reloaded())).toEqual([]);
  });

  it("logs vaults created later, with their settings and secrets", async () => {
    const { core, emulator } = await open();
    core.vaults.create({ name: "second", recoverableDays: 9 });
    const client = new InProcessHttpClient(core.dispatcher);
    const other = {
      ...emulator,
      sendRequest: (request) => client.sendRequest(request),
    } as EmulatorHttpClient;
    Object.assign(other, { vaultUrl: "https://second.vault.localhost:8443" });
    expect((await put(other, "in-second", "v")).status).toBe(200);
    const state = reloaded();
    expect(secretNames(state, "second")).toEqual(["in-second"]);
    expect(state.vaults.vaults.find((vault) => vault.name === "second")?.settings?.recoverableDays).toBe(9);
  });
});

describe("compaction", () => {
  it("folds the log into the snapshot without losing writes that land while it runs", async () => {
    const { durable, emulator } = await open();
    await put(emulator, "before", "v");
    const compacting = durable.compactNow();
    // Writes during every await of the compaction: log switch, old log drain, snapshot write.
    const during: Promise<unknown>[] = [];
    for (let turn = 0; turn < 20; turn++) {
      during.push(put(emulator, `during-${turn}`, "v"));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await compacting;
    await Promise.all(during);
    expect(JSON.parse(readFileSync(dataFile, "utf8")).logGeneration).toBe(1);
    expect(existsSync(logPathOf(dataFile, 0))).toBe(false);
    expect(readdirSync(directory).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(secretNames(reloaded())).toEqual(
      ["before", ...Array.from({ length: 20 }, (_, turn) => `during-${turn}`)].sort(),
    );
  });

  it("replays an older generation's log when a crash came before the new snapshot was written", async () => {
    const { durable, emulator } = await open();
    await put(emulator, "in-old-log", "v");
    const oldLog = readFileSync(logPathOf(dataFile, 0), "utf8");
    const oldSnapshot = readFileSync(dataFile, "utf8");
    await durable.compactNow();
    await put(emulator, "in-new-log", "v");
    // As if the emulator died after opening generation 1's log but before renaming the new snapshot.
    writeFileSync(dataFile, oldSnapshot);
    writeFileSync(logPathOf(dataFile, 0), oldLog);
    expect(secretNames(reloaded())).toEqual(["in-new-log", "in-old-log"]);
  });
});
