// Backup and restore (docs/service-behaviour.md#backup-and-restore).
import { describe, expect, it } from "vitest";
import type { VaultTarget } from "../../helpers/emulatorTarget";
import {
  deleteSecret,
  expectServiceError,
  frozenAt,
  notFoundMessage,
  setSecret,
  useVault,
  type MakeTarget,
} from "./support";

const malformed = "Backup blob contains invalid or corrupt version.";

async function backup(target: VaultTarget, name: string): Promise<string> {
  const response = await target.send({ method: "POST", path: `/secrets/${name}/backup` });
  expect(response.status, response.text).toBe(200);
  return response.json.value;
}

async function deleteAndPurge(target: VaultTarget, name: string): Promise<void> {
  await deleteSecret(target, name);
  expect((await target.send({ method: "DELETE", path: `/deletedsecrets/${name}` })).status).toBe(204);
}

function restore(target: VaultTarget, value: unknown) {
  return target.send({ method: "POST", path: "/secrets/restore", body: { value } });
}

/** Conformance of POST /secrets/{name}/backup and POST /secrets/restore. */
export function defineBackupRestoreConformance(makeTarget: MakeTarget): void {
  describe("POST /secrets/{name}/backup (backup secret)", () => {
    const vault = useVault(makeTarget);

    it("returns an opaque unpadded base64url blob with the service's prefix and no readable value", async () => {
      const target = vault();
      await setSecret(target, "backed-up", { value: "plain-text-secret-value" });
      const response = await target.send({ method: "POST", path: "/secrets/backed-up/backup" });
      expect(response.status).toBe(200);
      expect(Object.keys(response.json)).toEqual(["value"]);
      const blob: string = response.json.value;
      expect(blob).toMatch(/^[A-Za-z0-9_-]+$/);
      const bytes = Buffer.from(blob, "base64url");
      expect(bytes[0]).toBe(0x29);
      expect(bytes.subarray(1, 42).toString("ascii")).toBe("AzureKeyVaultSecretBackupV1.microsoft.com");
      expect(bytes.toString("latin1")).not.toContain("plain-text-secret-value");
      expect(bytes.toString("latin1")).not.toContain("backed-up");
    });

    it("answers 404 SecretNotFound for a missing secret", async () => {
      const response = await vault().send({ method: "POST", path: "/secrets/missing/backup" });
      expectServiceError(response, 404, "SecretNotFound", notFoundMessage("missing"));
    });
  });

  describe("POST /secrets/restore (restore secret)", () => {
    const vault = useVault(makeTarget);

    it("restores every version with its id, value, properties and original times", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      const versions = [
        await setSecret(target, "Restored", { value: "one", tags: { n: "1" } }),
        await setSecret(target, "Restored", {
          value: "two",
          contentType: "text/plain",
          attributes: { enabled: false },
        }),
        await setSecret(target, "Restored", { value: "three", attributes: { exp: 2_000_000_000 } }),
      ];
      target.clock.advance(1_000);
      await target.send({ method: "PATCH", path: "/secrets/Restored/", body: { tags: { patched: "yes" } } });
      const listedBefore = (await target.send({ method: "GET", path: "/secrets/restored/versions" })).json
        .value;
      const latestBefore = (await target.send({ method: "GET", path: "/secrets/restored/" })).json;
      const blob = await backup(target, "restored");
      await deleteAndPurge(target, "restored");
      target.clock.advance(86_400_000);

      const response = await restore(target, blob);
      expect(response.status).toBe(200);
      const { value: _value, ...latestWithoutValue } = latestBefore;
      expect(response.json).toEqual(latestWithoutValue);
      expect(response.json.id).toBe(versions[2].id);
      const listedAfter = (await target.send({ method: "GET", path: "/secrets/restored/versions" })).json
        .value;
      expect(listedAfter).toEqual(listedBefore);
      expect((await target.send({ method: "GET", path: "/secrets/restored/" })).json).toEqual(latestBefore);
      const first = await target.send({ method: "GET", path: versions[0].id.slice(target.vaultUrl.length) });
      expect(first.json).toEqual(versions[0]);
      const second = await target.send({ method: "GET", path: versions[1].id.slice(target.vaultUrl.length) });
      expect(second.status).toBe(403);
    });

    it("answers 409 Conflict naming the latest version id when the name exists, active or deleted", async () => {
      const target = vault();
      await setSecret(target, "taken");
      const latest = await setSecret(target, "taken");
      const blob = await backup(target, "taken");
      const conflict = `Conflict while restoring secret ${latest.id} - secret already exists or concurrent access`;
      expectServiceError(await restore(target, blob), 409, "Conflict", conflict);
      await deleteSecret(target, "taken");
      expectServiceError(await restore(target, blob), 409, "Conflict", conflict);
    });

    it("refuses tampered, truncated, foreign and garbage blobs with 400 'Malformed backup blob'", async () => {
      const target = vault();
      await setSecret(target, "tamper");
      const blob = await backup(target, "tamper");
      await deleteAndPurge(target, "tamper");
      const bytes = Buffer.from(blob, "base64url");
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(bytes.length / 2)] ^= 0x01;
      const candidates = [
        flipped.toString("base64url"),
        bytes.subarray(0, bytes.length - 1).toString("base64url"),
        Buffer.alloc(4728).toString("base64url"),
        Buffer.from("non-existing").toString("base64url"),
        "not base64 at all!",
        Buffer.concat([bytes.subarray(0, 42), Buffer.alloc(64, 7)]).toString("base64url"),
      ];
      for (const candidate of candidates) {
        expectServiceError(await restore(target, candidate), 400, "Malformed backup blob", malformed);
      }
      expect((await restore(target, blob)).status).toBe(200);
    });

    it("answers 400 BadParameter when the blob is missing from the body", async () => {
      const target = vault();
      expectServiceError(
        await target.send({ method: "POST", path: "/secrets/restore", body: {} }),
        400,
        "BadParameter",
        /value/,
      );
    });
  });

  describe("restore right after a purge", () => {
    const vault = useVault(makeTarget, { purgeDelayMs: 30_000 });

    it("answers 409 while the purge propagates and succeeds afterwards", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      const set = await setSecret(target, "slow-purge");
      const blob = await backup(target, "slow-purge");
      await deleteAndPurge(target, "slow-purge");
      expectServiceError(
        await restore(target, blob),
        409,
        "Conflict",
        `Conflict while restoring secret ${set.id} - secret already exists or concurrent access`,
      );
      target.clock.advance(30_000);
      expect((await restore(target, blob)).status).toBe(200);
    });
  });
}
