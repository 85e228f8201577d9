// Set, get and update against docs/service-behaviour.md#operations and #set-get-and-update.
import { describe, expect, it } from "vitest";
import {
  expectServiceError,
  frozenAt,
  frozenAtSeconds,
  notFoundMessage,
  setSecret,
  useVault,
  versionOf,
  versionPattern,
  type MakeTarget,
} from "./support";

/** Conformance of PUT, GET and PATCH on /secrets/{name}[/{version}]. */
export function defineSecretCrudConformance(makeTarget: MakeTarget): void {
  describe("PUT /secrets/{name} (set secret)", () => {
    const vault = useVault(makeTarget);

    it("returns the value, a versioned id on the vault URL and the default attributes", async () => {
      const target = vault();
      target.clock.freeze(frozenAt + 1_234);
      const response = await target.send({
        method: "PUT",
        path: "/secrets/db-password",
        body: { value: "s3cr3t" },
      });
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      const bundle = response.json;
      expect(Object.keys(bundle)).toEqual(["value", "id", "attributes"]);
      expect(bundle.value).toBe("s3cr3t");
      expect(bundle.id).toMatch(new RegExp(`^${target.vaultUrl}/secrets/db-password/[0-9a-f]{32}$`));
      expect(bundle.attributes).toEqual({
        enabled: true,
        created: frozenAtSeconds + 1,
        updated: frozenAtSeconds + 1,
        recoveryLevel: "Recoverable+Purgeable",
        recoverableDays: 90,
      });
    });

    it("sends every field in the service's order, and a later get returns the same bundle", async () => {
      const target = vault();
      const bundle = await setSecret(target, "ordered", {
        value: "v",
        contentType: "text/plain",
        tags: { env: "dev" },
        attributes: { enabled: true, nbf: 1_700_000_000, exp: 32_503_680_000 },
      });
      expect(Object.keys(bundle)).toEqual(["value", "contentType", "id", "attributes", "tags"]);
      expect(Object.keys(bundle.attributes)).toEqual([
        "enabled",
        "nbf",
        "exp",
        "created",
        "updated",
        "recoveryLevel",
        "recoverableDays",
      ]);
      expect(bundle.attributes).toMatchObject({ enabled: true, nbf: 1_700_000_000, exp: 32_503_680_000 });
      expect(bundle.contentType).toBe("text/plain");
      expect(bundle.tags).toEqual({ env: "dev" });
      const got = await target.send({ method: "GET", path: "/secrets/ordered/" });
      expect(got.json).toEqual(bundle);
      expect(Object.keys(got.json)).toEqual(Object.keys(bundle));
    });

    it("writes timestamps as whole epoch seconds from the vault clock", async () => {
      const target = vault();
      target.clock.freeze(frozenAt + 999);
      const bundle = await setSecret(target, "seconds");
      expect(bundle.attributes.created).toBe(frozenAtSeconds);
      expect(Number.isInteger(bundle.attributes.updated)).toBe(true);
    });

    it("accepts the empty string as a value and returns it", async () => {
      const bundle = await setSecret(vault(), "empty", { value: "" });
      expect(bundle.value).toBe("");
      const got = await vault().send({ method: "GET", path: "/secrets/empty/" });
      expect(got.json.value).toBe("");
    });

    it("accepts the JS SDK's empty attributes object and defaults enabled to true", async () => {
      const bundle = await setSecret(vault(), "js-sdk", { value: "v", attributes: {} });
      expect(bundle.attributes.enabled).toBe(true);
    });

    it("creates a new 32-hex version on every call, and the newest becomes current", async () => {
      const target = vault();
      const ids: string[] = [];
      for (const value of ["one", "two", "three"])
        ids.push((await setSecret(target, "rotated", { value })).id);
      const versions = ids.map(versionOf);
      expect(new Set(versions).size).toBe(3);
      for (const version of versions) expect(version).toMatch(versionPattern);
      const second = await target.send({ method: "GET", path: `/secrets/rotated/${versions[1]}` });
      expect(second.json.value).toBe("two");
      expect(second.json.id).toBe(ids[1]);
      const latest = await target.send({ method: "GET", path: "/secrets/rotated/" });
      expect(latest.json.value).toBe("three");
      expect(latest.json.id).toBe(ids[2]);
    });

    it("does not carry tags or contentType over from earlier versions", async () => {
      const target = vault();
      await setSecret(target, "fresh", { value: "a", contentType: "text/plain", tags: { keep: "no" } });
      const second = await setSecret(target, "fresh", { value: "b" });
      expect(second.tags).toBeUndefined();
      expect(second.contentType).toBeUndefined();
    });

    it("gives 1,000 sets of one name 1,000 distinct versions", async () => {
      const target = vault();
      const responses = await Promise.all(
        Array.from({ length: 1_000 }, (_, index) =>
          target.send({ method: "PUT", path: "/secrets/busy", body: { value: `v${index}` } }),
        ),
      );
      const versions = new Set(responses.map((response) => versionOf(response.json.id)));
      expect(versions.size).toBe(1_000);
    }, 60_000);

    it("keeps the casing of the first creation and matches names case-insensitively", async () => {
      const target = vault();
      const first = await setSecret(target, "MixedCase", { value: "1" });
      const second = await setSecret(target, "MIXEDCASE", { value: "2" });
      expect(first.id).toContain("/secrets/MixedCase/");
      expect(second.id).toContain("/secrets/MixedCase/");
      const got = await target.send({ method: "GET", path: "/secrets/mixedcase" });
      expect(got.json.value).toBe("2");
      expect(got.json.id).toBe(second.id);
    });
  });

  describe("GET /secrets/{name}[/{version}] (get secret)", () => {
    const vault = useVault(makeTarget);

    it("returns the latest version with and without the trailing slash", async () => {
      const target = vault();
      const set = await setSecret(target, "latest", { value: "v", tags: { a: "b" } });
      const withSlash = await target.send({ method: "GET", path: "/secrets/latest/" });
      const withoutSlash = await target.send({ method: "GET", path: "/secrets/latest" });
      expect(withSlash.status).toBe(200);
      expect(withSlash.json).toEqual(set);
      expect(withoutSlash.json).toEqual(set);
    });

    it("matches a version case-insensitively", async () => {
      const target = vault();
      const set = await setSecret(target, "upper");
      const got = await target.send({
        method: "GET",
        path: `/secrets/upper/${versionOf(set.id).toUpperCase()}`,
      });
      expect(got.status).toBe(200);
      expect(got.json.id).toBe(set.id);
    });

    it("answers 404 SecretNotFound for a missing name", async () => {
      const response = await vault().send({ method: "GET", path: "/secrets/nope/" });
      expectServiceError(response, 404, "SecretNotFound", notFoundMessage("nope"));
    });

    it("answers 404 naming name/version for a missing version", async () => {
      const target = vault();
      await setSecret(target, "has-one");
      const missing = "0123456789abcdef0123456789abcdef";
      const response = await target.send({ method: "GET", path: `/secrets/has-one/${missing}` });
      expectServiceError(response, 404, "SecretNotFound", notFoundMessage(`has-one/${missing}`));
      const noName = await target.send({ method: "GET", path: `/secrets/has-none/${missing}` });
      expectServiceError(noName, 404, "SecretNotFound", notFoundMessage(`has-none/${missing}`));
    });

    it("answers 403 Forbidden / SecretDisabled for a disabled secret", async () => {
      const target = vault();
      await setSecret(target, "off", { value: "hidden", attributes: { enabled: false } });
      const response = await target.send({ method: "GET", path: "/secrets/off/" });
      expectServiceError(
        response,
        403,
        "Forbidden",
        "Operation get is not allowed on a disabled secret.",
        "SecretDisabled",
      );
      expect(response.text).not.toContain("hidden");
    });

    it("keeps the latest readable when only an old version is disabled, and not when the latest is", async () => {
      const target = vault();
      const old = await setSecret(target, "partly", { value: "old" });
      const latest = await setSecret(target, "partly", { value: "new" });
      await target.send({
        method: "PATCH",
        path: `/secrets/partly/${versionOf(old.id)}`,
        body: { attributes: { enabled: false } },
      });
      expect((await target.send({ method: "GET", path: "/secrets/partly/" })).json.value).toBe("new");
      expect(
        (await target.send({ method: "GET", path: `/secrets/partly/${versionOf(old.id)}` })).status,
      ).toBe(403);
      await target.send({
        method: "PATCH",
        path: `/secrets/partly/${versionOf(latest.id)}`,
        body: { attributes: { enabled: false } },
      });
      expect((await target.send({ method: "GET", path: "/secrets/partly/" })).status).toBe(403);
    });

    it("does not enforce nbf or exp: expired and not-yet-valid secrets are readable", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      await setSecret(target, "expired", { value: "e", attributes: { exp: frozenAtSeconds - 60 } });
      await setSecret(target, "future", { value: "f", attributes: { nbf: frozenAtSeconds + 3_600 } });
      expect((await target.send({ method: "GET", path: "/secrets/expired/" })).json.value).toBe("e");
      expect((await target.send({ method: "GET", path: "/secrets/future/" })).json.value).toBe("f");
    });
  });

  describe("PATCH /secrets/{name}/{version} (update secret properties)", () => {
    const vault = useVault(makeTarget);
    const full = {
      value: "v",
      contentType: "text/plain",
      tags: { A: "1", B: "2" },
      attributes: { enabled: true, nbf: 1_700_000_000, exp: 1_900_000_000 },
    };

    it("changes only what is sent, keeps the id, bumps updated and returns no value", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      const set = await setSecret(target, "patched", full);
      target.clock.advance(5_000);
      const response = await target.send({
        method: "PATCH",
        path: "/secrets/patched/",
        body: { attributes: { exp: 2_000_000_000 } },
      });
      expect(response.status).toBe(200);
      expect(Object.keys(response.json)).toEqual(["contentType", "id", "attributes", "tags"]);
      expect(response.json).toEqual({
        contentType: "text/plain",
        id: set.id,
        attributes: { ...set.attributes, exp: 2_000_000_000, updated: frozenAtSeconds + 5 },
        tags: { A: "1", B: "2" },
      });
    });

    it("replaces tags whole instead of merging them", async () => {
      const target = vault();
      await setSecret(target, "tagged", full);
      const first = await target.send({
        method: "PATCH",
        path: "/secrets/tagged/",
        body: { tags: { A: "1", B: "3", C: "4" } },
      });
      expect(first.json.tags).toEqual({ A: "1", B: "3", C: "4" });
      const second = await target.send({
        method: "PATCH",
        path: "/secrets/tagged/",
        body: { tags: { D: "5" } },
      });
      expect(second.json.tags).toEqual({ D: "5" });
    });

    it("sets contentType, tags, nbf, exp and enabled so that a later get shows them", async () => {
      const target = vault();
      const set = await setSecret(target, "every-field");
      const body = {
        contentType: "application/json",
        tags: { owner: "team" },
        attributes: { enabled: true, nbf: 1_600_000_000, exp: 1_950_000_000 },
      };
      await target.send({ method: "PATCH", path: `/secrets/every-field/${versionOf(set.id)}`, body });
      const got = (await target.send({ method: "GET", path: "/secrets/every-field/" })).json;
      expect(got).toMatchObject({ value: "v", contentType: "application/json", tags: { owner: "team" } });
      expect(got.attributes).toMatchObject({ enabled: true, nbf: 1_600_000_000, exp: 1_950_000_000 });
    });

    it("updates a disabled secret, and re-enabling makes it readable again", async () => {
      const target = vault();
      await setSecret(target, "disabled", { value: "v", attributes: { enabled: false } });
      const updated = await target.send({
        method: "PATCH",
        path: "/secrets/disabled/",
        body: { attributes: { exp: 32_503_680_000 } },
      });
      expect(updated.status).toBe(200);
      expect(updated.json.attributes).toMatchObject({ enabled: false, exp: 32_503_680_000 });
      await target.send({
        method: "PATCH",
        path: "/secrets/disabled",
        body: { attributes: { enabled: true } },
      });
      expect((await target.send({ method: "GET", path: "/secrets/disabled/" })).json.value).toBe("v");
    });

    it("targets only the named version when one is given", async () => {
      const target = vault();
      const old = await setSecret(target, "two-versions", { value: "old" });
      await setSecret(target, "two-versions", { value: "new" });
      await target.send({
        method: "PATCH",
        path: `/secrets/two-versions/${versionOf(old.id)}`,
        body: { contentType: "old-only" },
      });
      const latest = (await target.send({ method: "GET", path: "/secrets/two-versions/" })).json;
      const first = (await target.send({ method: "GET", path: `/secrets/two-versions/${versionOf(old.id)}` }))
        .json;
      expect(latest.contentType).toBeUndefined();
      expect(first.contentType).toBe("old-only");
    });

    it("answers 404 for a missing secret and for a missing version", async () => {
      const target = vault();
      const missingName = await target.send({ method: "PATCH", path: "/secrets/ghost/", body: { tags: {} } });
      expectServiceError(missingName, 404, "SecretNotFound", notFoundMessage("ghost"));
      await setSecret(target, "real");
      const version = "fedcba9876543210fedcba9876543210";
      const missingVersion = await target.send({
        method: "PATCH",
        path: `/secrets/real/${version}`,
        body: {},
      });
      expectServiceError(missingVersion, 404, "SecretNotFound", notFoundMessage(`real/${version}`));
    });
  });
}
