// Request validation: names, limits and bodies (docs/service-behaviour.md#errors, #limits). Every failure is a 400
// BadParameter that never quotes the secret value.
import { describe, expect, it } from "vitest";
import { expectServiceError, setSecret, useVault, type MakeTarget } from "./support";

const invalidName = (name: string) => `The request URI contains an invalid name: ${name}`;

/** Conformance of name, limit and body validation. */
export function defineRequestValidationConformance(makeTarget: MakeTarget): void {
  describe("secret names", () => {
    const vault = useVault(makeTarget);

    it("accepts 1–127 letters, digits and dashes, including a leading digit or dash", async () => {
      const target = vault();
      for (const name of ["a", "9lives", "-dash-first", "x".repeat(127), "MiXeD-123"])
        await setSecret(target, name);
    });

    it("rejects other names with 400 BadParameter on every operation that takes a name", async () => {
      const target = vault();
      const tooLong = "y".repeat(128);
      for (const name of ["bad_name", "a.b", tooLong]) {
        const requests = [
          { method: "PUT", path: `/secrets/${name}`, body: { value: "v" } },
          { method: "GET", path: `/secrets/${name}/` },
          { method: "PATCH", path: `/secrets/${name}/`, body: {} },
          { method: "DELETE", path: `/secrets/${name}` },
          { method: "GET", path: `/secrets/${name}/versions` },
          { method: "POST", path: `/secrets/${name}/backup` },
          { method: "GET", path: `/deletedsecrets/${name}` },
          { method: "DELETE", path: `/deletedsecrets/${name}` },
          { method: "POST", path: `/deletedsecrets/${name}/recover` },
        ];
        for (const request of requests) {
          expectServiceError(await target.send(request), 400, "BadParameter", invalidName(name));
        }
      }
      expectServiceError(
        await target.send({ method: "GET", path: "/secrets//versions" }),
        400,
        "BadParameter",
        invalidName(""),
      );
    });
  });

  describe("set and update limits", () => {
    const vault = useVault(makeTarget);

    it("accepts a value of 25,600 characters and rejects one more without quoting it", async () => {
      const target = vault();
      await setSecret(target, "max", { value: "a".repeat(25_600) });
      const tooLong = "SECRETPART".repeat(2_560) + "!";
      const response = await target.send({ method: "PUT", path: "/secrets/over", body: { value: tooLong } });
      expectServiceError(response, 400, "BadParameter", /25600/);
      expect(response.text).not.toContain("SECRETPART");
    });

    it("accepts 15 tags of 512-character names and values, and rejects more or longer", async () => {
      const target = vault();
      const tags = (count: number, length = 512) =>
        Object.fromEntries(
          Array.from({ length: count }, (_, index) => [`${index}`.padEnd(length, "k"), "v".repeat(length)]),
        );
      await setSecret(target, "tags", { value: "v", tags: tags(15) });
      const cases = [
        { tags: tags(16, 4), pattern: /15 tags/ },
        { tags: { ["k".repeat(513)]: "v" }, pattern: /Tag names/ },
        { tags: { k: "TAGVALUE".repeat(64) + "!" }, pattern: /Tag values/ },
        { tags: { k: 1 }, pattern: /tags/ },
        { tags: ["a"], pattern: /tags/ },
      ];
      for (const { tags: body, pattern } of cases) {
        const set = await target.send({
          method: "PUT",
          path: "/secrets/tags",
          body: { value: "v", tags: body },
        });
        expectServiceError(set, 400, "BadParameter", pattern);
        expect(set.text).not.toContain("TAGVALUE");
        const update = await target.send({ method: "PATCH", path: "/secrets/tags/", body: { tags: body } });
        expectServiceError(update, 400, "BadParameter", pattern);
      }
    });

    it("accepts a contentType of 255 characters and rejects 256", async () => {
      const target = vault();
      await setSecret(target, "typed", { value: "v", contentType: "t".repeat(255) });
      const response = await target.send({
        method: "PUT",
        path: "/secrets/typed",
        body: { value: "v", contentType: "t".repeat(256) },
      });
      expectServiceError(response, 400, "BadParameter", /contentType.*255/);
    });
  });

  describe("request bodies", () => {
    const vault = useVault(makeTarget);

    it("rejects malformed JSON, non-object bodies, a missing or non-string value", async () => {
      const target = vault();
      const bodies = [
        { rawBody: '{"value": "unterminated', pattern: /JSON/ },
        { rawBody: "", pattern: /JSON/ },
        { body: ["value"], pattern: /object/ },
        { body: { contentType: "text/plain" }, pattern: /'value'/ },
        { body: { value: null }, pattern: /'value'/ },
        { body: { value: 42 }, pattern: /'value'/ },
      ];
      for (const { pattern, ...body } of bodies) {
        const response = await target.send({ method: "PUT", path: "/secrets/bodies", ...body });
        expectServiceError(response, 400, "BadParameter", pattern);
      }
      expect((await target.send({ method: "GET", path: "/secrets/bodies/" })).status).toBe(404);
    });

    it("rejects attributes of the wrong type and ignores read-only attributes", async () => {
      const target = vault();
      const bad = [
        { attributes: "on" },
        { attributes: { enabled: "yes" } },
        { attributes: { exp: "soon" } },
        { attributes: { nbf: 1.5 } },
      ];
      for (const body of bad) {
        const response = await target.send({
          method: "PUT",
          path: "/secrets/attrs",
          body: { value: "v", ...body },
        });
        expectServiceError(response, 400, "BadParameter", /attribute/);
      }
      const set = await setSecret(target, "attrs", {
        value: "v",
        attributes: { created: 1, updated: 2, recoveryLevel: "Purgeable", recoverableDays: 0 },
      });
      expect(set.attributes.created).not.toBe(1);
      expect(set.attributes.recoveryLevel).toBe("Recoverable+Purgeable");
    });

    it("rejects a malformed PATCH body and leaves the secret as it was", async () => {
      const target = vault();
      const set = await setSecret(target, "patch-body", { value: "v", tags: { a: "1" } });
      const response = await target.send({
        method: "PATCH",
        path: "/secrets/patch-body/",
        rawBody: "{tags:",
      });
      expectServiceError(response, 400, "BadParameter", /JSON/);
      expect((await target.send({ method: "GET", path: "/secrets/patch-body/" })).json).toEqual(set);
    });

    it("never lets PATCH change the value", async () => {
      const target = vault();
      await setSecret(target, "fixed", { value: "original" });
      const response = await target.send({
        method: "PATCH",
        path: "/secrets/fixed/",
        body: { value: "changed" },
      });
      expect(response.status).toBe(200);
      expect(response.json.value).toBeUndefined();
      expect((await target.send({ method: "GET", path: "/secrets/fixed/" })).json.value).toBe("original");
    });
  });
}
