// Delete, get deleted, purge, recover, scheduled purge and the propagation windows (docs/service-behaviour.md#soft-delete, #propagation-windows).
import { describe, expect, it } from "vitest";
import {
  daySeconds,
  deleteSecret,
  expectServiceError,
  frozenAt,
  frozenAtSeconds,
  notFoundMessage,
  setSecret,
  useVault,
  type MakeTarget,
} from "./support";

const deletedButRecoverable = (name: string) =>
  `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state,` +
  " the secret can only be recovered or purged.";

/** Conformance of the soft-delete life cycle. */
export function defineSoftDeleteConformance(makeTarget: MakeTarget): void {
  describe("DELETE /secrets/{name} (delete secret)", () => {
    const vault = useVault(makeTarget);

    it("returns the deleted bundle of the current version, without value, deletion facts first", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "gone", { value: "old" });
      const latest = await setSecret(target, "gone", {
        value: "new",
        contentType: "text/plain",
        tags: { a: "b" },
      });
      target.clock.advance(60_000);
      const deleted = await deleteSecret(target, "gone");
      expect(Object.keys(deleted)).toEqual([
        "recoveryId",
        "deletedDate",
        "scheduledPurgeDate",
        "id",
        "contentType",
        "attributes",
        "tags",
      ]);
      expect(deleted).toEqual({
        recoveryId: `${target.vaultUrl}/deletedsecrets/gone`,
        deletedDate: frozenAtSeconds + 60,
        scheduledPurgeDate: frozenAtSeconds + 60 + 90 * daySeconds,
        id: latest.id,
        contentType: "text/plain",
        attributes: latest.attributes,
        tags: { a: "b" },
      });
    });

    it("removes every version: get, get of an old version and list-versions all miss", async () => {
      const target = vault();
      const old = await setSecret(target, "all-versions");
      await setSecret(target, "all-versions");
      await deleteSecret(target, "all-versions");
      expectServiceError(
        await target.send({ method: "GET", path: "/secrets/all-versions/" }),
        404,
        "SecretNotFound",
        notFoundMessage("all-versions"),
      );
      expect((await target.send({ method: "GET", path: old.id.slice(target.vaultUrl.length) })).status).toBe(
        404,
      );
      const versions = await target.send({ method: "GET", path: "/secrets/all-versions/versions" });
      expect(versions.json).toEqual({ value: [], nextLink: null });
    });

    it("answers 404 SecretNotFound for a missing secret", async () => {
      const response = await vault().send({ method: "DELETE", path: "/secrets/never-was" });
      expectServiceError(response, 404, "SecretNotFound", notFoundMessage("never-was"));
    });

    it("reserves the name: set answers 409 Conflict / ObjectIsDeletedButRecoverable", async () => {
      const target = vault();
      await setSecret(target, "Reserved");
      await deleteSecret(target, "Reserved");
      const response = await target.send({ method: "PUT", path: "/secrets/reserved", body: { value: "x" } });
      expectServiceError(
        response,
        409,
        "Conflict",
        deletedButRecoverable("Reserved"),
        "ObjectIsDeletedButRecoverable",
      );
      const update = await target.send({ method: "PATCH", path: "/secrets/reserved/", body: {} });
      expect(update.status).toBe(404);
    });
  });

  describe("soft delete with a custom retention", () => {
    const vault = useVault(makeTarget, { recoverableDays: 7 });

    it("schedules the purge recoverableDays later and reports the customized recovery level", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "short");
      const deleted = await deleteSecret(target, "short");
      expect(deleted.scheduledPurgeDate - deleted.deletedDate).toBe(604_800);
      expect(deleted.attributes.recoveryLevel).toBe("CustomizedRecoverable+Purgeable");
      expect(deleted.attributes.recoverableDays).toBe(7);
    });
  });

  describe("GET /deletedsecrets/{name} (get deleted secret)", () => {
    const vault = useVault(makeTarget);

    it("returns what the delete returned", async () => {
      const target = vault();
      await setSecret(target, "kept", { value: "v", tags: { t: "1" } });
      const deleted = await deleteSecret(target, "kept");
      const response = await target.send({ method: "GET", path: "/deletedsecrets/kept" });
      expect(response.status).toBe(200);
      expect(response.json).toEqual(deleted);
      expect(response.json.value).toBeUndefined();
    });

    it("answers 404 'Deleted Secret not found' for unknown and for active names", async () => {
      const target = vault();
      await setSecret(target, "alive");
      for (const name of ["unknown", "alive"]) {
        const response = await target.send({ method: "GET", path: `/deletedsecrets/${name}` });
        expectServiceError(response, 404, "SecretNotFound", `Deleted Secret not found: ${name}`);
      }
    });
  });

  describe("DELETE /deletedsecrets/{name} (purge)", () => {
    const vault = useVault(makeTarget);

    it("answers 204 without body or content type, and the name is free again", async () => {
      const target = vault();
      const first = await setSecret(target, "purged");
      await deleteSecret(target, "purged");
      const response = await target.send({ method: "DELETE", path: "/deletedsecrets/purged" });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expect(response.headers["content-type"]).toBeUndefined();
      expect((await target.send({ method: "GET", path: "/deletedsecrets/purged" })).status).toBe(404);
      const listed = await target.send({ method: "GET", path: "/deletedsecrets" });
      expect(listed.json.value).toEqual([]);
      const again = await setSecret(target, "purged", { value: "again" });
      expect(again.id).not.toBe(first.id);
      const versions = await target.send({ method: "GET", path: "/secrets/purged/versions" });
      expect(versions.json.value).toHaveLength(1);
    });

    it("answers 404 'Deleted Secret not found' for a name that is not deleted", async () => {
      const target = vault();
      await setSecret(target, "active-one");
      const response = await target.send({ method: "DELETE", path: "/deletedsecrets/active-one" });
      expectServiceError(response, 404, "SecretNotFound", "Deleted Secret not found: active-one");
    });
  });

  describe("purge protection", () => {
    const vault = useVault(makeTarget, { purgeProtection: true });

    it("refuses purge with 403, reports 'Recoverable', and still allows recovery", async () => {
      const target = vault();
      const set = await setSecret(target, "protected");
      expect(set.attributes.recoveryLevel).toBe("Recoverable");
      await deleteSecret(target, "protected");
      const response = await target.send({ method: "DELETE", path: "/deletedsecrets/protected" });
      const host = new URL(target.vaultUrl).hostname;
      expectServiceError(
        response,
        403,
        "Forbidden",
        'Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service' +
          " will automatically purge it after the retention period has passed.\r\n" +
          `Vault: ${host};location=local`,
      );
      expect((await target.send({ method: "GET", path: "/deletedsecrets/protected" })).status).toBe(200);
      const recovered = await target.send({ method: "POST", path: "/deletedsecrets/protected/recover" });
      expect(recovered.status).toBe(200);
    });
  });

  describe("POST /deletedsecrets/{name}/recover (recover)", () => {
    const vault = useVault(makeTarget);

    it("returns the latest bundle without value and brings back every version with its id", async () => {
      const target = vault();
      const versions = [];
      for (const value of ["a", "b", "c"]) versions.push(await setSecret(target, "phoenix", { value }));
      const listedBefore = (await target.send({ method: "GET", path: "/secrets/phoenix/versions" })).json
        .value;
      await deleteSecret(target, "phoenix");
      const response = await target.send({ method: "POST", path: "/deletedsecrets/phoenix/recover" });
      expect(response.status).toBe(200);
      const { value: _value, ...withoutValue } = versions[2];
      expect(response.json).toEqual(withoutValue);
      expect("value" in response.json).toBe(false);
      const listedAfter = (await target.send({ method: "GET", path: "/secrets/phoenix/versions" })).json
        .value;
      expect(listedAfter).toEqual(listedBefore);
      for (const version of versions) {
        const got = await target.send({ method: "GET", path: version.id.slice(target.vaultUrl.length) });
        expect(got.json).toEqual(version);
      }
      expect((await target.send({ method: "GET", path: "/deletedsecrets/phoenix" })).status).toBe(404);
    });

    it("answers 404 SecretNotFound for a name that is not soft-deleted", async () => {
      const target = vault();
      await setSecret(target, "not-deleted");
      for (const name of ["not-deleted", "unknown"]) {
        const response = await target.send({ method: "POST", path: `/deletedsecrets/${name}/recover` });
        expectServiceError(response, 404, "SecretNotFound", notFoundMessage(name));
      }
    });
  });

  describe("scheduled purge", () => {
    const vault = useVault(makeTarget, { recoverableDays: 7 });

    it("purges a deleted secret once the clock reaches scheduledPurgeDate", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "expiring");
      const deleted = await deleteSecret(target, "expiring");
      target.clock.advance(deleted.scheduledPurgeDate * 1000 - frozenAt - 1_000);
      expect((await target.send({ method: "GET", path: "/deletedsecrets/expiring" })).status).toBe(200);
      target.clock.advance(1_000);
      expect((await target.send({ method: "GET", path: "/deletedsecrets/expiring" })).status).toBe(404);
      expect((await target.send({ method: "GET", path: "/deletedsecrets" })).json.value).toEqual([]);
      await setSecret(target, "expiring", { value: "reborn" });
    });
  });

  describe("propagation windows", () => {
    const vault = useVault(makeTarget, {
      deleteDelayMs: 10_000,
      recoverDelayMs: 5_000,
      purgeDelayMs: 20_000,
    });

    it("while a delete propagates: get-deleted 404, set/purge/recover 409 ObjectIsBeingDeleted", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "deleting");
      await deleteSecret(target, "deleting");
      expect((await target.send({ method: "GET", path: "/secrets/deleting/" })).status).toBe(404);
      const getDeleted = await target.send({ method: "GET", path: "/deletedsecrets/deleting" });
      expectServiceError(getDeleted, 404, "SecretNotFound", "Deleted Secret not found: deleting");
      expect((await target.send({ method: "GET", path: "/deletedsecrets" })).json.value).toEqual([]);
      const attempts = [
        target.send({ method: "PUT", path: "/secrets/deleting", body: { value: "x" } }),
        target.send({ method: "DELETE", path: "/deletedsecrets/deleting" }),
        target.send({ method: "POST", path: "/deletedsecrets/deleting/recover" }),
      ];
      for (const response of await Promise.all(attempts)) {
        expectServiceError(
          response,
          409,
          "Conflict",
          "Secret is currently being deleted.",
          "ObjectIsBeingDeleted",
        );
      }
      target.clock.advance(10_000);
      expect((await target.send({ method: "GET", path: "/deletedsecrets/deleting" })).status).toBe(200);
    });

    it("while a recovery propagates: get 404 and set 409 ObjectIsBeingRecovered", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "Recovering", { value: "v" });
      await deleteSecret(target, "Recovering");
      target.clock.advance(10_000);
      expect((await target.send({ method: "POST", path: "/deletedsecrets/recovering/recover" })).status).toBe(
        200,
      );
      const get = await target.send({ method: "GET", path: "/secrets/recovering/" });
      expectServiceError(get, 404, "SecretNotFound", notFoundMessage("recovering"));
      const set = await target.send({ method: "PUT", path: "/secrets/recovering", body: { value: "x" } });
      expectServiceError(
        set,
        409,
        "Conflict",
        "Secret Recovering is currently being recovered and cannot be re-created; retry later.",
        "ObjectIsBeingRecovered",
      );
      target.clock.advance(5_000);
      expect((await target.send({ method: "GET", path: "/secrets/recovering/" })).json.value).toBe("v");
    });

    it("while a purge propagates: get and get-deleted 404, set 409, and after it the name is free", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "purging");
      await deleteSecret(target, "purging");
      target.clock.advance(10_000);
      expect((await target.send({ method: "DELETE", path: "/deletedsecrets/purging" })).status).toBe(204);
      expect((await target.send({ method: "GET", path: "/secrets/purging/" })).status).toBe(404);
      expect((await target.send({ method: "GET", path: "/deletedsecrets/purging" })).status).toBe(404);
      const set = await target.send({ method: "PUT", path: "/secrets/purging", body: { value: "x" } });
      expectServiceError(set, 409, "Conflict", "Secret is currently being deleted.", "ObjectIsBeingDeleted");
      target.clock.advance(20_000);
      await setSecret(target, "purging", { value: "fresh" });
    });
  });
}
