import { describe, expect, it } from "vitest";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { SecretClient } from "../../src/index.js";
import { collect, createClientFixture } from "../helpers/clientFixture.js";

async function deleteAll(client: SecretClient, names: string[]): Promise<void> {
  for (const name of names) await (await client.beginDeleteSecret(name, { intervalInMs: 0 })).pollUntilDone();
}

function tokenOf(page: unknown): string | undefined {
  return (page as { continuationToken?: string }).continuationToken;
}

describe("SecretClient.listPropertiesOfSecrets", () => {
  it("lists every secret once, without values and without a version", async () => {
    const { client } = createClientFixture();
    const names = ["alpha", "beta", "gamma"];
    for (const name of names) await client.setSecret(name, `${name}-value`);
    await client.setSecret("alpha", "second version");
    const listed = await collect(client.listPropertiesOfSecrets());
    expect(listed.map((p) => p.name).sort()).toEqual(names);
    for (const properties of listed) {
      expect(properties.version).toBeUndefined();
      expect(properties).not.toHaveProperty("value");
      expect(properties.enabled).toBe(true);
    }
  });

  it("gives pages of one item with maxPageSize 1 (maxresults=1), each carrying the next link", async () => {
    const { client, sent } = createClientFixture();
    for (const name of ["p1", "p2", "p3"]) await client.setSecret(name, "v");
    const pages = await collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }));
    expect(pages.flat().map((p) => p.name)).toEqual(["p1", "p2", "p3"]);
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    const listRequests = sent.filter((r) => r.url.pathname === "/secrets" && r.authorization);
    expect(listRequests[0].url.searchParams.get("maxresults")).toBe("1");
    expect(pages.slice(0, -1).every((page) => typeof tokenOf(page) === "string")).toBe(true);
    expect(tokenOf(pages.at(-1))).toBeUndefined();
  });

  it("resumes from a page's continuationToken", async () => {
    const { client } = createClientFixture();
    for (const name of ["r1", "r2", "r3"]) await client.setSecret(name, "v");
    const first = await client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }).next();
    const token = tokenOf(first.value);
    expect(token).toBeDefined();
    const rest = await collect(client.listPropertiesOfSecrets().byPage({ continuationToken: token }));
    expect(rest.flat().map((p) => p.name)).toEqual(["r2", "r3"]);
  });

  it("keeps going past an empty page (emulator emptyPage fault)", async () => {
    const { client, emulator } = createClientFixture();
    for (const name of ["e1", "e2", "e3"]) await client.setSecret(name, "v");
    emulator.faults.add({ kind: "emptyPage", operation: "getSecrets", nth: 2 });
    const pages = await collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 }));
    expect(pages.some((page) => page.length === 0)).toBe(true);
    expect(pages.flat().map((p) => p.name)).toEqual(["e1", "e2", "e3"]);
    expect(emulator.faults.fired()).toHaveLength(1);
  });

  it("skips deleted secrets", async () => {
    const { client } = createClientFixture();
    await client.setSecret("kept", "v");
    await client.setSecret("gone", "v");
    await deleteAll(client, ["gone"]);
    expect((await collect(client.listPropertiesOfSecrets())).map((p) => p.name)).toEqual(["kept"]);
  });
});

describe("SecretClient listings follow nextLink verbatim", () => {
  it("requests exactly the link the service sent (explicit :443, its own query and api-version)", async () => {
    const { emulator, httpClient, sent } = createClientFixture();
    // Real nextLinks carry an explicit :443 and the api-version of the first request.
    const rewriting: HttpClient = {
      async sendRequest(request) {
        const response = await httpClient.sendRequest(request);
        const body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as { nextLink?: string }) : {};
        if (body.nextLink) {
          const link = new URL(body.nextLink);
          body.nextLink = `${link.protocol}//${link.hostname}:443${link.pathname}${link.search}&extra=kept`;
          response.bodyAsText = JSON.stringify(body);
        }
        return response;
      },
    };
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: rewriting });
    for (const name of ["v1", "v2"]) await client.setSecret(name, "v");
    const names = (await collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }))).flat();
    expect(names.map((p) => p.name)).toEqual(["v1", "v2"]);
    const followed = sent.filter((r) => r.request.url.includes(":443/"));
    expect(followed.length).toBeGreaterThan(0);
    for (const request of followed) {
      expect(request.request.url).toMatch(/^https:\/\/[^/]+:443\/secrets\?.*&extra=kept$/);
      expect(request.url.searchParams.getAll("api-version")).toEqual(["2026-04-01"]);
    }
  });
});

describe("SecretClient.listPropertiesOfSecretVersions", () => {
  it("lists every version, each readable by its version", async () => {
    const { client } = createClientFixture();
    const values = ["one", "two", "three"];
    const versions: string[] = [];
    for (const value of values) versions.push((await client.setSecret("multi", value)).properties.version!);
    const listed = await collect(client.listPropertiesOfSecretVersions("multi"));
    expect(listed.map((p) => p.version).sort()).toEqual([...versions].sort());
    for (const properties of listed) {
      const secret = await client.getSecret("multi", { version: properties.version });
      expect(secret.value).toBe(values[versions.indexOf(properties.version!)]);
    }
  });

  it("pages with maxPageSize 1 and follows every nextLink to the versions route", async () => {
    const { client, sent } = createClientFixture();
    for (const value of ["a", "b", "c"]) await client.setSecret("paged", value);
    const pages = await collect(client.listPropertiesOfSecretVersions("paged").byPage({ maxPageSize: 1 }));
    expect(pages.flat()).toHaveLength(3);
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    const listRequests = sent.filter((r) => r.url.pathname === "/secrets/paged/versions" && r.authorization);
    expect(listRequests.length).toBeGreaterThanOrEqual(3);
  });

  it("yields nothing, rather than 404, for a name that does not exist", async () => {
    const { client } = createClientFixture();
    expect(await collect(client.listPropertiesOfSecretVersions("never-set"))).toEqual([]);
    expect((await collect(client.listPropertiesOfSecretVersions("never-set").byPage())).flat()).toEqual([]);
  });

  it("keeps going past an empty page", async () => {
    const { client, emulator } = createClientFixture();
    for (const value of ["a", "b", "c"]) await client.setSecret("ep", value);
    emulator.faults.add({ kind: "emptyPage", operation: "getSecretVersions", nth: 2 });
    expect(
      await collect(client.listPropertiesOfSecretVersions("ep", {}).byPage({ maxPageSize: 2 })),
    ).toSatisfy((pages: unknown[][]) => pages.flat().length === 3 && pages.some((page) => page.length === 0));
  });
});

describe("SecretClient.listDeletedSecrets", () => {
  it("lists deleted secrets with their deletion fields and original properties", async () => {
    const { client } = createClientFixture();
    const original = await client.setSecret("del-1", "v", { tags: { a: "b" } });
    await client.setSecret("del-2", "v");
    await deleteAll(client, ["del-1", "del-2"]);
    const listed = await collect(client.listDeletedSecrets());
    expect(listed.map((d) => d.name).sort()).toEqual(["del-1", "del-2"]);
    const first = listed.find((d) => d.name === "del-1")!;
    expect(first.deletedOn).toBeInstanceOf(Date);
    expect(first.scheduledPurgeDate).toBeInstanceOf(Date);
    expect(first.recoveryId).toBe(`${original.properties.vaultUrl}/deletedsecrets/del-1`);
    expect(first.properties.tags).toEqual({ a: "b" });
    expect(first.properties.recoveryId).toBe(first.recoveryId);
  });

  it("pages with maxPageSize 1 and keeps going past an empty page", async () => {
    const { client, emulator } = createClientFixture();
    const names = ["d1", "d2", "d3"];
    for (const name of names) await client.setSecret(name, "v");
    await deleteAll(client, names);
    emulator.faults.add({ kind: "emptyPage", operation: "getDeletedSecrets", nth: 2 });
    const pages = await collect(client.listDeletedSecrets().byPage({ maxPageSize: 1 }));
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    expect(pages.some((page) => page.length === 0)).toBe(true);
    expect(pages.flat().map((d) => d.name)).toEqual(names);
  });
});

describe("paging argument checks", () => {
  it.each([0, 1.5, -1])("rejects maxPageSize %s before sending anything", async (maxPageSize) => {
    const { client, sent } = createClientFixture();
    await expect(collect(client.listPropertiesOfSecrets().byPage({ maxPageSize }))).rejects.toThrow(
      RangeError,
    );
    expect(sent).toHaveLength(0);
  });

  it("leaves the upper bound to the service: maxPageSize 26 gets its 400", async () => {
    const { client } = createClientFixture();
    await expect(collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 26 }))).rejects.toMatchObject(
      {
        statusCode: 400,
        code: "BadParameter",
      },
    );
  });
});
