// The same calls through @azure/keyvault-secrets 4.12.0 and through our client, against one emulator:
// results, errors and poller states must match, so swapping the import changes nothing observable.
import { SecretClient as OfficialSecretClient } from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import { collect, createClientFixture } from "../helpers/clientFixture.js";

function clients() {
  const fixture = createClientFixture();
  const official = new OfficialSecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
    httpClient: fixture.emulator,
    // The official client only accepts a challenge resource that is a parent domain of the vault host.
    disableChallengeResourceVerification: true,
  });
  return { ...fixture, ours: fixture.client, official };
}

/** Own enumerable data only: what user code and JSON see. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("parity with @azure/keyvault-secrets 4.12.0", () => {
  it("returns the same KeyVaultSecret and SecretProperties", async () => {
    const { ours, official } = clients();
    const set = await ours.setSecret("same", "value", {
      contentType: "text/plain",
      tags: { a: "b" },
      expiresOn: new Date("2031-01-01T00:00:00Z"),
    });
    expect(plain(set)).toEqual(plain(await official.getSecret("same")));
    expect(plain(await ours.getSecret("same"))).toEqual(plain(await official.getSecret("same")));
    const updatedByUs = await ours.updateSecretProperties("same", "", { enabled: true });
    const updatedByThem = await official.updateSecretProperties("same", set.properties.version!, {
      enabled: true,
    });
    const { updatedOn: _a, ...ourRest } = plain(updatedByUs) as Record<string, unknown>;
    const { updatedOn: _b, ...theirRest } = plain(updatedByThem) as Record<string, unknown>;
    expect(ourRest).toEqual(theirRest);
  });

  it("lists the same items in all three listings", async () => {
    const { ours, official } = clients();
    for (const name of ["l1", "l2", "l3"]) await ours.setSecret(name, "v");
    await ours.setSecret("l1", "v2");
    expect(plain(await collect(ours.listPropertiesOfSecrets()))).toEqual(
      plain(await collect(official.listPropertiesOfSecrets())),
    );
    expect(plain(await collect(ours.listPropertiesOfSecretVersions("l1")))).toEqual(
      plain(await collect(official.listPropertiesOfSecretVersions("l1"))),
    );
    await (await ours.beginDeleteSecret("l2", { intervalInMs: 0 })).pollUntilDone();
    expect(plain(await collect(ours.listDeletedSecrets()))).toEqual(
      plain(await collect(official.listDeletedSecrets())),
    );
  });

  it("returns the same deleted secret from the poller and from getDeletedSecret", async () => {
    const { ours, official } = clients();
    await ours.setSecret("gone", "v");
    const deleted = await (await ours.beginDeleteSecret("gone", { intervalInMs: 0 })).pollUntilDone();
    expect(plain(deleted)).toEqual(plain(await official.getDeletedSecret("gone")));
    expect(plain(await ours.getDeletedSecret("gone"))).toEqual(
      plain(await official.getDeletedSecret("gone")),
    );
  });

  it("fails with the same statusCode, code and message", async () => {
    const { ours, official } = clients();
    await ours.setSecret("off", "v", { enabled: false });
    await ours.setSecret("gone", "v");
    await (await ours.beginDeleteSecret("gone", { intervalInMs: 0 })).pollUntilDone();
    const cases: Array<[string, (c: typeof ours | typeof official) => Promise<unknown>]> = [
      ["missing", (c) => c.getSecret("missing")],
      ["disabled", (c) => c.getSecret("off")],
      ["deleted name", (c) => c.setSecret("gone", "v")],
      ["missing deleted", (c) => c.getDeletedSecret("never")],
      ["malformed backup", (c) => c.restoreSecretBackup(new TextEncoder().encode("non-existing"))],
      ["missing delete", (c) => c.beginDeleteSecret("missing")],
    ];
    for (const [label, call] of cases) {
      const ourError = (await call(ours).catch((e: unknown) => e)) as Record<string, unknown>;
      const theirError = (await call(official).catch((e: unknown) => e)) as Record<string, unknown>;
      expect(ourError.name, label).toBe("RestError");
      expect([ourError.statusCode, ourError.code, ourError.message], label).toEqual([
        theirError.statusCode,
        theirError.code,
        theirError.message,
      ]);
    }
  });

  it.each([
    ["on a zero-delay vault", 0],
    ["while the deletion and the recovery propagate", 10_000],
  ])(
    "begins a delete and a recover with the same requests and the same isDone() (%s)",
    async (_, delayMs) => {
      const fixture = createClientFixture({}, { deleteDelayMs: delayMs, recoverDelayMs: delayMs });
      fixture.emulator.clock.freeze();
      const official = new OfficialSecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
        httpClient: fixture.emulator,
        disableChallengeResourceVerification: true,
      });
      // What begin* sends (challenge probes aside) and whether the poller is done when it resolves.
      const sentByBegin = () =>
        fixture.emulator.journal
          .entries()
          .filter((entry) => entry.status !== 401)
          .map((entry) => `${entry.operation} ${entry.status}`);
      const begin = async (client: typeof fixture.client | OfficialSecretClient, name: string) => {
        await client.setSecret(name, "v");
        fixture.emulator.journal.clear();
        const deleting = await client.beginDeleteSecret(name, { intervalInMs: 0 });
        const deleted = { done: deleting.isDone(), requests: sentByBegin() };
        fixture.emulator.clock.advance(delayMs);
        await deleting.pollUntilDone();
        fixture.emulator.journal.clear();
        const recovering = await client.beginRecoverDeletedSecret(name, { intervalInMs: 0 });
        const recovered = { done: recovering.isDone(), requests: sentByBegin() };
        fixture.emulator.clock.advance(delayMs);
        await recovering.pollUntilDone();
        return { deleted, recovered };
      };
      const ours = await begin(fixture.client, "ours");
      const theirs = await begin(official, "theirs");
      expect(ours).toEqual(theirs);
      expect(ours.deleted.done).toBe(delayMs === 0);
      expect(ours.deleted.requests).toEqual(["deleteSecret 200", `getDeletedSecret ${delayMs ? 404 : 200}`]);
    },
  );

  it("resumes a delete poller saved by the official client, and the official client resumes ours", async () => {
    const { ours, official, emulator } = clients();
    emulator.clock.freeze();
    await ours.setSecret("from-them", "v");
    await ours.setSecret("from-us", "v");
    const theirPoller = await official.beginDeleteSecret("from-them", { intervalInMs: 0 });
    const ourPoller = await ours.beginDeleteSecret("from-us", { intervalInMs: 0 });
    // Both begins send the DELETE and one status request, so the saved states have the same fields.
    const theirKeys = Object.keys(JSON.parse(theirPoller.toString()).state);
    expect(theirKeys.sort()).toEqual(Object.keys(JSON.parse(ourPoller.toString()).state).sort());

    const resumedByUs = await ours.beginDeleteSecret("from-them", {
      resumeFrom: theirPoller.toString(),
      intervalInMs: 0,
    });
    const resumedByThem = await official.beginDeleteSecret("from-us", {
      resumeFrom: ourPoller.toString(),
      intervalInMs: 0,
    });
    expect((await resumedByUs.pollUntilDone()).name).toBe("from-them");
    expect((await resumedByThem.pollUntilDone()).name).toBe("from-us");
    const deletes = emulator.journal
      .entries()
      .filter((e) => e.operation === "deleteSecret" && e.status === 200);
    expect(deletes).toHaveLength(2);
  });

  it("restores a backup made by the other client", async () => {
    const { ours, official } = clients();
    await ours.setSecret("bk-ours", "made by ours");
    await official.setSecret("bk-theirs", "made by theirs");
    const ourBackup = (await ours.backupSecret("bk-ours"))!;
    const theirBackup = (await official.backupSecret("bk-theirs"))!;
    for (const name of ["bk-ours", "bk-theirs"]) {
      await (await ours.beginDeleteSecret(name, { intervalInMs: 0 })).pollUntilDone();
      await ours.purgeDeletedSecret(name);
    }
    await official.restoreSecretBackup(ourBackup);
    await ours.restoreSecretBackup(theirBackup);
    expect((await official.getSecret("bk-ours")).value).toBe("made by ours");
    expect((await ours.getSecret("bk-theirs")).value).toBe("made by theirs");
  });
});
