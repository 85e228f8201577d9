import { describe, expect, it } from "vitest";
import { createPagedIterator, type PageResult } from "../../src/paging/pagedIterator.js";

interface Fetch {
  link: string | undefined;
  maxPageSize: number | undefined;
}

/** A fake service: pages keyed by the link that fetches them ("" = the first request). */
function service(pages: Record<string, PageResult<string>>): {
  fetchPage: (link: string | undefined, maxPageSize: number | undefined) => Promise<PageResult<string>>;
  fetches: Fetch[];
} {
  const fetches: Fetch[] = [];
  return {
    fetches,
    async fetchPage(link, maxPageSize) {
      fetches.push({ link, maxPageSize });
      const page = pages[link ?? ""];
      if (!page) throw new Error(`no page at ${String(link)}`);
      return page;
    },
  };
}

const nextLink2 = "https://myvault.vault.azure.net:443/secrets?api-version=7.6&$skiptoken=abc&maxresults=2";
const nextLink3 = "https://myvault.vault.azure.net:443/secrets?api-version=7.6&$skiptoken=def";
const threePages = {
  "": { items: ["a", "b"], nextLink: nextLink2 },
  [nextLink2]: { items: [], nextLink: nextLink3 },
  [nextLink3]: { items: ["c"] },
};

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("createPagedIterator", () => {
  it("yields every item across pages and keeps going past an empty page", async () => {
    const { fetchPage, fetches } = service(threePages);
    expect(await collect(createPagedIterator(fetchPage))).toEqual(["a", "b", "c"]);
    expect(fetches.map((f) => f.link)).toEqual([undefined, nextLink2, nextLink3]);
  });

  it("follows nextLink verbatim, even to another host", async () => {
    const elsewhere = "https://other.vault.azure.net:443/secrets?$skiptoken=x%2Fy&api-version=2025-07-01";
    const { fetchPage, fetches } = service({
      "": { items: ["a"], nextLink: elsewhere },
      [elsewhere]: { items: ["b"] },
    });
    expect(await collect(createPagedIterator(fetchPage))).toEqual(["a", "b"]);
    expect(fetches[1].link).toBe(elsewhere);
  });

  it("fetches nothing until iteration starts", async () => {
    const { fetchPage, fetches } = service(threePages);
    const iterator = createPagedIterator(fetchPage);
    expect(fetches).toHaveLength(0);
    await expect(iterator.next()).resolves.toEqual({ done: false, value: "a" });
    expect(fetches).toHaveLength(1);
  });

  it("is its own async iterator", () => {
    const iterator = createPagedIterator(service(threePages).fetchPage);
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
  });

  it("byPage yields arrays carrying the next link as continuationToken, except the last", async () => {
    const pages = await collect(createPagedIterator(service(threePages).fetchPage).byPage());
    expect(pages).toEqual([["a", "b"], [], ["c"]]);
    expect(pages.map((page) => (page as { continuationToken?: string }).continuationToken)).toEqual([
      nextLink2,
      nextLink3,
      undefined,
    ]);
    expect(Object.keys(pages[0])).toEqual(["0", "1"]);
  });

  it("byPage passes maxPageSize to every fetch", async () => {
    const { fetchPage, fetches } = service(threePages);
    await collect(createPagedIterator(fetchPage).byPage({ maxPageSize: 2 }));
    expect(fetches.map((f) => f.maxPageSize)).toEqual([2, 2, 2]);
  });

  it("byPage resumes from a continuationToken taken from an earlier page", async () => {
    const { fetchPage, fetches } = service(threePages);
    const first = await createPagedIterator(fetchPage).byPage({ maxPageSize: 2 }).next();
    const token = (first.value as { continuationToken?: string }).continuationToken;
    const rest = await collect(createPagedIterator(fetchPage).byPage({ continuationToken: token }));
    expect(rest).toEqual([[], ["c"]]);
    expect(fetches.map((f) => f.link)).toEqual([undefined, nextLink2, nextLink3]);
  });

  it("treats an empty nextLink (or null from the wire) as the last page", async () => {
    const { fetchPage, fetches } = service({ "": { items: ["a"], nextLink: "" } });
    const pages = await collect(createPagedIterator(fetchPage).byPage());
    expect(pages).toEqual([["a"]]);
    expect((pages[0] as { continuationToken?: string }).continuationToken).toBeUndefined();
    expect(fetches).toHaveLength(1);
  });

  it("follows a page that links to itself once (a transient empty page) and gets the real page next", async () => {
    const link = "https://myvault.vault.azure.net/secrets?$skiptoken=same";
    let calls = 0;
    const fetchPage = async (pageLink: string | undefined): Promise<PageResult<string>> => {
      calls++;
      if (pageLink === undefined) return { items: ["a"], nextLink: link };
      return calls === 2 ? { items: [], nextLink: link } : { items: ["b"] };
    };
    expect(await collect(createPagedIterator(fetchPage))).toEqual(["a", "b"]);
    expect(calls).toBe(3);
  });

  it("stops with an error when a page keeps linking to itself instead of looping forever", async () => {
    const loop = "https://myvault.vault.azure.net/secrets?$skiptoken=same";
    const { fetchPage, fetches } = service({
      "": { items: ["a"], nextLink: loop },
      [loop]: { items: [], nextLink: loop },
    });
    await expect(collect(createPagedIterator(fetchPage))).rejects.toThrow(/same nextLink 100 times in a row/);
    expect(fetches).toHaveLength(101);
  });

  it("propagates a failed page fetch to the iterating caller", async () => {
    const { fetchPage } = service({ "": { items: ["a"], nextLink: "https://missing" } });
    const iterator = createPagedIterator(fetchPage);
    await expect(iterator.next()).resolves.toEqual({ done: false, value: "a" });
    await expect(iterator.next()).rejects.toThrow("no page at https://missing");
  });
});
