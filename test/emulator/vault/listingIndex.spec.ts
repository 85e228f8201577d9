// Listings come from ordered indexes: a page looks at the records it returns (plus the ones it skips
// because they are deleted or propagating), never at the whole vault. Counted, not timed: the records a
// page inspects are the calls to stateOf.
import { describe, expect, it, vi } from "vitest";
import { handleVaultRequest } from "../../../src/emulator/service/handler";
import { EmulatorClock } from "../../../src/emulator/vault/clock";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore";

const SECRETS = 20_000;

function largeVault(): VaultStore {
  const clock = new EmulatorClock();
  clock.freeze(Date.UTC(2030, 0, 1));
  const store = new VaultStore(defaultVaultSettings, clock);
  // Inserted out of order, so the index has to sort.
  for (let i = 0; i < SECRETS; i++)
    store.setSecret(`s-${String((i * 7919) % SECRETS).padStart(5, "0")}`, { value: "v" });
  return store;
}

function page(store: VaultStore, path: string) {
  const url = new URL(`https://emulator.vault.localhost${path}`);
  const { response } = handleVaultRequest({ method: "GET", url, headers: {}, body: "" }, store);
  expect(response.status).toBe(200);
  return JSON.parse(response.body!) as { value: { id: string }[]; nextLink: string | null };
}

const names = (result: { value: { id: string }[] }) => result.value.map((item) => item.id.split("/").pop());

describe("listing index", () => {
  it("serves a page of a 20,000-secret vault by looking at about one page of records", () => {
    const store = largeVault();
    const inspected = vi.spyOn(store, "stateOf");
    const first = page(store, "/secrets?api-version=7.6&maxresults=25");
    expect(names(first)).toEqual(Array.from({ length: 25 }, (_, i) => `s-${String(i).padStart(5, "0")}`));
    expect(inspected.mock.calls.length).toBeLessThanOrEqual(30);

    // Deep in the listing: the skiptoken is found by binary search, not by walking from the start.
    let next = first.nextLink!;
    store.deleteSecret("s-00026");
    inspected.mockClear();
    const second = page(store, next.slice(next.indexOf("/secrets")));
    expect(names(second)[0]).toBe("s-00025");
    expect(names(second)).not.toContain("s-00026");
    expect(inspected.mock.calls.length).toBeLessThanOrEqual(30);

    for (let hop = 0; hop < 400; hop++) next = page(store, next.slice(next.indexOf("/secrets"))).nextLink!;
    inspected.mockClear();
    const deep = page(store, next.slice(next.indexOf("/secrets")));
    expect(deep.value).toHaveLength(25);
    expect(inspected.mock.calls.length).toBeLessThanOrEqual(30);
  });

  it("lists deleted secrets from their own index, whatever the number of active ones", () => {
    const store = largeVault();
    for (const name of ["s-19999", "s-00003", "s-10000"]) store.deleteSecret(name);
    const inspected = vi.spyOn(store, "stateOf");
    const deleted = page(store, "/deletedsecrets?api-version=7.6");
    expect(names(deleted)).toEqual(["s-00003", "s-10000", "s-19999"]);
    expect(inspected.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it("keeps versions in creation order and pages them by sequence", () => {
    const store = largeVault();
    const created = Array.from(
      { length: 60 },
      (_, i) => store.setSecret("many", { value: `v${i}` }).version.version,
    );
    const first = page(store, "/secrets/many/versions?api-version=7.6&maxresults=25");
    const second = page(store, first.nextLink!.slice(first.nextLink!.indexOf("/secrets")));
    expect([...names(first), ...names(second)]).toEqual(created.slice(0, 50));
  });
});
