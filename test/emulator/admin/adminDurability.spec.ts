// Admin changes take the same route to the data file as the REST API's: a secret set, a vault created,
// an import and a vault's changed settings are on disk when the admin API answers, and a restart finds them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { loadDurableState } from "../../../src/emulator/persistence/durableState.js";

const directory = mkdtempSync(join(tmpdir(), "kv-admin-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function adminOf(emulator: RunningEmulator) {
  const url = new URL(emulator.dashboardUrl!);
  const headers = { authorization: `Bearer ${url.hash.slice("#token=".length)}` };
  return async (method: string, path: string, body?: string) => {
    const response = await fetch(`${url.origin}/api/${path}`, { method, headers, body });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  };
}

describe("admin changes with --data", () => {
  it("survive a restart: a set secret, a new vault and an imported vault", async () => {
    const dataFile = join(directory, "vault.json");
    const first = await startEmulator({ dataFile, dashboard: true });
    const admin = await adminOf(first);
    expect(
      (await admin("PUT", "vaults/emulator/secrets/kept", JSON.stringify({ value: "v1", tags: { a: "b" } })))
        .status,
    ).toBe(201);
    expect(
      (await admin("POST", "vaults", JSON.stringify({ name: "created-here", recoverableDays: 7 }))).status,
    ).toBe(201);
    const exported = (await admin("GET", "vaults/emulator/export")).body;
    expect((await admin("POST", "vaults/created-here/import", JSON.stringify(exported))).status).toBe(200);
    await first.stop();

    const second = await startEmulator({ dataFile, dashboard: true });
    try {
      const again = await adminOf(second);
      const vaults = (await again("GET", "vaults")).body.vaults;
      expect(vaults.map((vault: { name: string }) => vault.name)).toEqual(["emulator", "created-here"]);
      expect(vaults[1].settings.recoverableDays).toBe(7);
      for (const vault of ["emulator", "created-here"]) {
        const revealed = await again("POST", `vaults/${vault}/secrets/kept/reveal`);
        expect(revealed.body.value).toBe("v1");
      }
      expect((await again("GET", "vaults/created-here/export")).body.secrets).toEqual(exported.secrets);
    } finally {
      await second.stop();
    }
  });

  it("change a running vault's settings as Azure allows: windows and purge protection on, durably; retention and turning protection off refused", async () => {
    const dataFile = join(directory, "settings.json");
    const first = await startEmulator({ dataFile, dashboard: true });
    const admin = await adminOf(first);
    const patch = (body: object) => admin("PATCH", "vaults/emulator", JSON.stringify(body));
    const changed = await patch({ purgeProtection: true, deleteDelayMs: 5, purgeDelayMs: 7 });
    expect(changed).toMatchObject({
      status: 200,
      body: { name: "emulator", settings: { purgeProtection: true, deleteDelayMs: 5, purgeDelayMs: 7 } },
    });
    // In the log before the answer (replayed as a crash would leave it), not only in the stop's snapshot.
    expect(loadDurableState(dataFile)!.state.vaults.vaults[0]!.settings).toEqual(changed.body.settings);
    await admin("PUT", "vaults/emulator/secrets/kept", JSON.stringify({ value: "v" }));
    await admin("DELETE", "vaults/emulator/secrets/kept");
    await first.clock.advance(5);
    expect((await admin("DELETE", "vaults/emulator/deleted/kept")).body.error).toMatch(/purge protection/);
    await first.stop();

    const second = await startEmulator({ dataFile, dashboard: true });
    try {
      const again = await adminOf(second);
      const vaults = (await again("GET", "vaults")).body.vaults;
      expect(vaults[0].settings).toEqual(changed.body.settings);
      const refused = async (body: object) => {
        const answer = await again("PATCH", "vaults/emulator", JSON.stringify(body));
        return [answer.status, answer.body.error];
      };
      expect(await refused({ purgeProtection: false })).toEqual([
        409,
        'Vault "emulator" has purge protection: as in Azure, once on it cannot be turned off',
      ]);
      expect(await refused({ recoverableDays: 7 })).toEqual([
        409,
        'The soft-delete retention of vault "emulator" is 90 days: as in Azure, it is fixed when a vault is created',
      ]);
      expect(await refused({ deleteDelayMs: -1 })).toEqual([
        400,
        "deleteDelayMs must be a finite number >= 0",
      ]);
      expect(await refused({ throttle: true })).toEqual([400, '"throttle" is not a vault setting']);
      expect((await again("GET", "vaults")).body.vaults[0].settings).toEqual(changed.body.settings);
    } finally {
      await second.stop();
    }
  });
});
