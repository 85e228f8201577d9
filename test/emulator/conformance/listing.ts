// The three listings and their paging (docs/service-behaviour.md#paging).
import { describe, expect, it } from "vitest";
import type { VaultTarget } from "../../helpers/emulatorTarget";
import {
  allPages,
  deleteSecret,
  expectServiceError,
  frozenAt,
  relativeLink,
  setSecret,
  useVault,
  versionOf,
  type MakeTarget,
} from "./support";

function idsOf(pages: { value: { id: string }[] }[]): string[] {
  return pages.flatMap((page) => page.value.map((item) => item.id));
}

async function getPage(target: VaultTarget, path: string, query?: Record<string, string>) {
  const response = await target.send({ method: "GET", path, query });
  expect(response.status, response.text).toBe(200);
  return response.json as { value: { id: string }[]; nextLink: string | null };
}

/** Conformance of GET /secrets, GET /secrets/{name}/versions and GET /deletedsecrets. */
export function defineListingConformance(makeTarget: MakeTarget): void {
  describe("GET /secrets (list secrets)", () => {
    const vault = useVault(makeTarget);

    it("answers an empty vault with an empty page and an explicit null nextLink", async () => {
      const response = await vault().send({ method: "GET", path: "/secrets" });
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(response.text).toBe('{"value":[],"nextLink":null}');
    });

    it("lists base ids without version, no value, and the current version's properties", async () => {
      const target = vault();
      await setSecret(target, "listed", { value: "old", contentType: "old/type", tags: { v: "1" } });
      const current = await setSecret(target, "listed", {
        value: "new",
        contentType: "text/plain",
        tags: { v: "2" },
      });
      await setSecret(target, "bare", { value: "x" });
      const page = await getPage(target, "/secrets");
      expect(page.nextLink).toBeNull();
      const [bare, listed] = page.value as Record<string, unknown>[];
      expect(Object.keys(listed)).toEqual(["id", "contentType", "attributes", "tags"]);
      expect(listed).toEqual({
        id: `${target.vaultUrl}/secrets/listed`,
        contentType: "text/plain",
        attributes: current.attributes,
        tags: { v: "2" },
      });
      expect(Object.keys(bare)).toEqual(["id", "attributes"]);
      expect(bare.id).toBe(`${target.vaultUrl}/secrets/bare`);
    });

    it("sorts by upper-cased name and leaves deleted secrets out", async () => {
      const target = vault();
      for (const name of ["b", "A", "c-", "a1", "deleted"]) await setSecret(target, name);
      await deleteSecret(target, "deleted");
      const page = await getPage(target, "/secrets");
      expect(page.value.map((item) => item.id.slice(item.id.lastIndexOf("/") + 1))).toEqual([
        "A",
        "a1",
        "b",
        "c-",
      ]);
    });

    it("returns 25 items per page by default", async () => {
      const target = vault();
      for (let index = 0; index < 30; index++) await setSecret(target, `s${String(index).padStart(2, "0")}`);
      const pages = await allPages(target, "/secrets");
      expect(pages.map((page) => page.value.length)).toEqual([25, 5]);
      expect(pages[0].nextLink).not.toContain("maxresults");
    });

    it("pages by maxresults with a nextLink of the documented form, finding every item", async () => {
      const target = vault();
      for (const name of ["p1", "p2", "p3"]) await setSecret(target, name);
      const first = await getPage(target, "/secrets", { maxresults: "1" });
      expect(first.value).toHaveLength(1);
      expect(first.nextLink).toMatch(
        new RegExp(
          `^${target.vaultUrl}/secrets\\?api-version=2025-07-01&\\$skiptoken=[A-Za-z0-9_-]+&maxresults=1$`,
        ),
      );
      const pages = await allPages(target, "/secrets", { maxresults: "1" });
      expect(pages.map((page) => page.value.length)).toEqual([1, 1, 1]);
      expect(idsOf(pages)).toEqual(["p1", "p2", "p3"].map((name) => `${target.vaultUrl}/secrets/${name}`));
    });

    it("keeps the request's api-version in nextLink", async () => {
      const target = vault();
      for (const name of ["v1", "v2"]) await setSecret(target, name);
      const page = await getPage(target, "/secrets", { "api-version": "7.4", maxresults: "1" });
      expect(page.nextLink).toContain("/secrets?api-version=7.4&$skiptoken=");
      const next = await target.send({ method: "GET", path: relativeLink(target, page.nextLink!) });
      expect(next.json.value).toHaveLength(1);
      expect(next.json.value[0].attributes.recoverableDays).toBe(90);
    });

    it("answers 400 BadParameter for maxresults outside 1–25", async () => {
      const target = vault();
      for (const maxresults of ["0", "26", "abc", "-1", "1.5"]) {
        const response = await target.send({ method: "GET", path: "/secrets", query: { maxresults } });
        expectServiceError(response, 400, "BadParameter", /maxresults/);
      }
      expect(
        (await target.send({ method: "GET", path: "/secrets", query: { maxresults: "25" } })).status,
      ).toBe(200);
    });

    it("answers 400 BadParameter for a garbled or foreign $skiptoken", async () => {
      const target = vault();
      for (const name of ["t1", "t2"]) await setSecret(target, name);
      for (const token of ["garbage!", "e30", Buffer.from("[1]").toString("base64url")]) {
        const response = await target.send({ method: "GET", path: "/secrets", query: { $skiptoken: token } });
        expectServiceError(response, 400, "BadParameter", /skiptoken/);
      }
      const page = await getPage(target, "/secrets", { maxresults: "1" });
      const token = new URL(page.nextLink!).searchParams.get("$skiptoken")!;
      const foreign = await target.send({
        method: "GET",
        path: "/secrets/t1/versions",
        query: { $skiptoken: token },
      });
      expectServiceError(foreign, 400, "BadParameter", /skiptoken/);
    });

    it("stays consistent while secrets are written between page fetches", async () => {
      const target = vault();
      const original = Array.from({ length: 10 }, (_, index) => `m${index}`);
      for (const name of original) await setSecret(target, name);
      let page = await getPage(target, "/secrets", { maxresults: "3" });
      const seen = page.value.map((item) => item.id);
      for (let round = 0; page.nextLink !== null && round < 20; round++) {
        await setSecret(target, `a-before-${round}`);
        await setSecret(target, `z-after-${round}`);
        await setSecret(target, original[round % original.length]);
        page = await getPage(target, relativeLink(target, page.nextLink));
        seen.push(...page.value.map((item) => item.id));
      }
      expect(page.nextLink).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      for (const name of original) expect(seen).toContain(`${target.vaultUrl}/secrets/${name}`);
    });
  });

  describe("GET /secrets/{name}/versions (list versions)", () => {
    const vault = useVault(makeTarget);

    it("lists versioned ids in creation order without values, each with its own attributes", async () => {
      const target = vault();
      const set = [
        await setSecret(target, "history", { value: "1", tags: { n: "1" } }),
        await setSecret(target, "history", { value: "2", attributes: { enabled: false } }),
        await setSecret(target, "history", { value: "3", contentType: "text/plain" }),
      ];
      const page = await getPage(target, "/secrets/history/versions");
      expect(page.nextLink).toBeNull();
      expect(page.value).toEqual([
        { id: set[0].id, attributes: set[0].attributes, tags: { n: "1" } },
        { id: set[1].id, attributes: set[1].attributes },
        { id: set[2].id, contentType: "text/plain", attributes: set[2].attributes },
      ]);
    });

    it("pages with maxresults=1 past the second page (the #22890 regression)", async () => {
      const target = vault();
      const ids = [];
      for (const value of ["a", "b", "c"]) ids.push((await setSecret(target, "paged", { value })).id);
      const first = await getPage(target, "/secrets/paged/versions", { maxresults: "1" });
      expect(first.nextLink).toMatch(
        new RegExp(
          `^${target.vaultUrl}/secrets/paged/versions\\?api-version=2025-07-01&\\$skiptoken=[A-Za-z0-9_-]+&maxresults=1$`,
        ),
      );
      const pages = await allPages(target, "/secrets/paged/versions", { maxresults: "1" });
      expect(idsOf(pages)).toEqual(ids);
      for (const id of idsOf(pages)) {
        const got = await target.send({ method: "GET", path: id.slice(target.vaultUrl.length) });
        expect(got.json.value).toBe(["a", "b", "c"][ids.indexOf(id)]);
      }
    });

    it("orders versions created within the same second by creation", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      const ids = [];
      for (let index = 0; index < 30; index++) ids.push((await setSecret(target, "same-second")).id);
      const pages = await allPages(target, "/secrets/same-second/versions", { maxresults: "7" });
      expect(pages.map((page) => page.value.length)).toEqual([7, 7, 7, 7, 2]);
      expect(idsOf(pages)).toEqual(ids);
    });

    it("answers a missing name with an empty list, not 404", async () => {
      const response = await vault().send({ method: "GET", path: "/secrets/no-such-name/versions" });
      expect(response.status).toBe(200);
      expect(response.text).toBe('{"value":[],"nextLink":null}');
    });

    it("stays consistent while versions are added between page fetches", async () => {
      const target = vault();
      const original = [];
      for (let index = 0; index < 6; index++) original.push((await setSecret(target, "growing")).id);
      let page = await getPage(target, "/secrets/growing/versions", { maxresults: "2" });
      const seen = page.value.map((item) => item.id);
      const added = [];
      for (let round = 0; page.nextLink !== null && round < 20; round++) {
        if (round < 3) added.push((await setSecret(target, "growing")).id);
        page = await getPage(target, relativeLink(target, page.nextLink));
        seen.push(...page.value.map((item) => item.id));
      }
      expect(seen).toEqual([...original, ...added]);
      expect(seen.every((id) => versionOf(id).length === 32)).toBe(true);
    });
  });

  describe("GET /deletedsecrets (list deleted secrets)", () => {
    const vault = useVault(makeTarget);

    it("lists deletion facts, base ids and properties without values, sorted, paged", async () => {
      const target = vault();
      target.clock.freeze(frozenAt);
      const deleted: Record<string, Record<string, unknown>> = {};
      for (const name of ["del-b", "del-a", "del-c"]) {
        await setSecret(target, name, { value: "v", contentType: "text/plain", tags: { name } });
        deleted[name] = await deleteSecret(target, name);
      }
      await setSecret(target, "still-active");
      const first = await getPage(target, "/deletedsecrets", { maxresults: "1" });
      expect(first.nextLink).toMatch(
        new RegExp(
          `^${target.vaultUrl}/deletedsecrets\\?api-version=2025-07-01&\\$skiptoken=[A-Za-z0-9_-]+&maxresults=1$`,
        ),
      );
      const pages = await allPages(target, "/deletedsecrets", { maxresults: "1" });
      const items = pages.flatMap((page) => page.value) as unknown as Record<string, unknown>[];
      expect(items.map((item) => item.id)).toEqual(
        ["del-a", "del-b", "del-c"].map((name) => `${target.vaultUrl}/secrets/${name}`),
      );
      for (const item of items) {
        const name = String(item.id).split("/").pop()!;
        expect(Object.keys(item)).toEqual([
          "recoveryId",
          "deletedDate",
          "scheduledPurgeDate",
          "id",
          "contentType",
          "attributes",
          "tags",
        ]);
        const { id: _id, ...expected } = deleted[name];
        const { id: _itemId, ...actual } = item;
        expect(actual).toEqual(expected);
      }
    });
  });
}
