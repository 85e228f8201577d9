// Concurrency over real HTTPS: no lost writes, and paging that stays consistent while writes land.
import * as https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpsTarget, type HttpsTarget } from "../helpers/httpsTarget.js";

describe("emulator concurrency over HTTPS", () => {
  let target: HttpsTarget;
  beforeAll(async () => {
    target = await createHttpsTarget();
  });
  afterAll(() => target.close());

  async function listAll(path: string, maxresults: number, onPage = () => {}): Promise<string[]> {
    const ids: string[] = [];
    let response = await target.send({ method: "GET", path, query: { maxresults: String(maxresults) } });
    for (let page = 0; page < 1000; page++) {
      onPage();
      expect(response.status, response.text).toBe(200);
      expect(response.json.value.length).toBeLessThanOrEqual(maxresults);
      ids.push(...response.json.value.map((item: { id: string }) => item.id));
      const next: string | null = response.json.nextLink;
      if (!next) return ids;
      response = await target.send({ method: "GET", path: next.slice(target.vaultUrl.length) });
    }
    throw new Error("paging did not end within 1000 pages");
  }

  it("turns 1,000 concurrent sets of one name into 1,000 distinct versions", async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        target.send({ method: "PUT", path: "/secrets/contended", body: { value: `value ${i}` } }),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const written = new Set(responses.map((response) => response.json.id as string));
    expect(written.size).toBe(1000);
    const listed = await listAll("/secrets/contended/versions", 25);
    expect(listed).toHaveLength(1000);
    expect(new Set(listed)).toEqual(written);
    const latest = await target.send({ method: "GET", path: "/secrets/contended/" });
    expect(written.has(latest.json.id)).toBe(true);
  });

  it("never returns a duplicate or a broken page while writes land during a listing", async () => {
    target.reset();
    const existing = Array.from({ length: 60 }, (_, i) => `existing-${String(i).padStart(2, "0")}`);
    for (const name of existing)
      await target.send({ method: "PUT", path: `/secrets/${name}`, body: { value: "v" } });
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      for (let i = 0; writing && i < 5000; i++) {
        const name = i % 2 === 0 ? `added-${i}` : existing[i % existing.length]!;
        const response = await target.send({
          method: "PUT",
          path: `/secrets/${name}`,
          body: { value: `w${i}` },
        });
        expect(response.status).toBe(200);
        writes++;
      }
    })();
    // Writes counted at each page fetch: a rise between two fetches of one listing is a write that landed
    // between them, which is what this test is about (a writer that ran only before or after would not show).
    let landedBetweenPages = 0;
    try {
      for (let round = 0; round < 5; round++) {
        let writesAtLastPage: number | undefined;
        const ids = await listAll("/secrets", 7, () => {
          if (writesAtLastPage !== undefined && writes > writesAtLastPage) landedBetweenPages++;
          writesAtLastPage = writes;
        });
        expect(new Set(ids).size).toBe(ids.length);
        const names = new Set(ids.map((id) => id.slice(id.lastIndexOf("/") + 1)));
        for (const name of existing) expect(names.has(name)).toBe(true);
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(landedBetweenPages).toBeGreaterThan(0);
  });

  it("serves many keep-alive connections at once", async () => {
    const agent = new https.Agent({ keepAlive: true, ca: target.emulator.caCertificate, maxSockets: 200 });
    try {
      const { token } = await target.emulator.credential.getToken(`${target.vaultUrl}/.default`);
      const statuses = await Promise.all(
        Array.from(
          { length: 200 },
          () =>
            new Promise<number>((resolve, reject) => {
              https
                .get(
                  `${target.vaultUrl}/secrets?api-version=7.6`,
                  { agent, headers: { authorization: `Bearer ${token}` } },
                  (res) => {
                    res.resume();
                    res.on("end", () => resolve(res.statusCode!));
                  },
                )
                .on("error", reject);
            }),
        ),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
