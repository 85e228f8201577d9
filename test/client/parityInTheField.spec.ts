// Parity in the field: snippets written exactly as a user of @azure/keyvault-secrets 4.12.0 writes them —
// Buffer use of backups, instanceof checks with the classes of @azure/core-rest-pipeline and @azure/core-lro,
// for await over byPage with continuationToken, JSON.stringify of models, switches on error statusCode and
// code — run once against the official client and once against ours, each on its own in-process emulator.
// Results must be identical, except where the README's Differences table says otherwise (asserted as such).
import type { TokenCredential } from "@azure/core-auth";
import { PollerStoppedError } from "@azure/core-lro";
import { RestError, isRestError } from "@azure/core-rest-pipeline";
import { SecretClient as OfficialSecretClient } from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createClientFixture } from "../helpers/clientFixture.js";

/** What a snippet sees: the official client's public surface, which ours must fill. */
type AnyClient = Pick<OfficialSecretClient, keyof OfficialSecretClient>;
/**
 * Builds another client of the same package on the same emulator, as user code would with `new`; the
 * credential defaults to that emulator's.
 */
type NewClient = (vaultUrl: string, credential?: TokenCredential) => AnyClient;
type Snippet<T> = (client: AnyClient, vaultUrl: string, newClient: NewClient) => Promise<T>;

/** Runs `snippet` against each client on a fresh emulator (propagation delays as given). */
async function runBoth<T>(snippet: Snippet<T>, deleteDelayMs = 0): Promise<{ official: T; ours: T }> {
  const forOfficial = createClientFixture({}, { deleteDelayMs });
  const newOfficial: NewClient = (vaultUrl, credential = forOfficial.emulator.credential) =>
    new OfficialSecretClient(vaultUrl, credential, {
      httpClient: forOfficial.httpClient,
      // The official client only accepts a challenge resource that is a parent domain of the vault host.
      disableChallengeResourceVerification: true,
    });
  const forOurs = createClientFixture({}, { deleteDelayMs });
  const newOurs: NewClient = (vaultUrl, credential = forOurs.emulator.credential) =>
    new SecretClient(vaultUrl, credential, { httpClient: forOurs.httpClient });
  const { vaultUrl } = forOfficial.emulator;
  return {
    official: await snippet(newOfficial(vaultUrl), vaultUrl, newOfficial),
    ours: await snippet(forOurs.client, forOurs.emulator.vaultUrl, newOurs),
  };
}

/** The failure of a call, as user code typically inspects it. */
async function caught(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
    return "no error";
  } catch (error) {
    return error;
  }
}

describe("parity in the field: the same user code against @azure/keyvault-secrets 4.12.0 and ours", () => {
  it("stores a backup as base64 with Buffer's toString and restores it from Buffer.from", async () => {
    const { official, ours } = await runBoth(async (client) => {
      await client.setSecret("saved", "value", { tags: { kept: "yes" } });
      const backup = await client.backupSecret("saved");
      const stored = (backup as Buffer).toString("base64");
      await (await client.beginDeleteSecret("saved", { intervalInMs: 0 })).pollUntilDone();
      await client.purgeDeletedSecret("saved");
      const restored = await client.restoreSecretBackup(Buffer.from(stored, "base64"));
      return {
        isBuffer: Buffer.isBuffer(backup),
        isUint8Array: backup instanceof Uint8Array,
        base64: /^[A-Za-z0-9+/]+=*$/.test(stored),
        restored: [restored.name, restored.tags],
        value: (await client.getSecret("saved")).value,
      };
    });
    expect(ours).toEqual(official);
    expect(ours).toMatchObject({ isBuffer: true, base64: true, value: "value" });
  });

  it("tells errors apart with instanceof RestError, isRestError and switches on statusCode and code", async () => {
    const { official, ours } = await runBoth(async (client) => {
      await client.setSecret("off", "v", { enabled: false });
      await client.setSecret("gone", "v");
      await (await client.beginDeleteSecret("gone", { intervalInMs: 0 })).pollUntilDone();
      const classify = (error: unknown): string => {
        if (!(error instanceof RestError) || !isRestError(error)) return `not a RestError: ${String(error)}`;
        switch (error.statusCode) {
          case 404:
            return `missing (${error.code})`;
          case 403:
            return `forbidden (${error.code})`;
          case 409:
            return `conflict (${error.code})`;
          default:
            return `other ${error.statusCode} (${error.code})`;
        }
      };
      return Promise.all(
        [
          () => client.getSecret("missing"),
          () => client.getSecret("off"),
          () => client.setSecret("gone", "again"),
          () => client.getDeletedSecret("never-deleted"),
          () => client.restoreSecretBackup(new TextEncoder().encode("not a backup")),
        ].map(async (call) => classify(await caught(call))),
      );
    });
    expect(ours).toEqual(official);
    expect(ours[0]).toBe("missing (SecretNotFound)");
  });

  it("serializes models with JSON.stringify the same way", async () => {
    const { official, ours } = await runBoth(async (client) => {
      const set = await client.setSecret("json", "v", {
        contentType: "text/plain",
        tags: { a: "b" },
        expiresOn: new Date("2031-01-01T00:00:00Z"),
      });
      const read = await client.getSecret("json");
      // Ids, versions and dates differ between the two emulators; the shape and the stable fields must not.
      const shape = (json: string) =>
        JSON.parse(json, (key, value) =>
          ["id", "version", "createdOn", "updatedOn", "vaultUrl"].includes(key) ? typeof value : value,
        );
      return { set: shape(JSON.stringify(set)), read: shape(JSON.stringify(read)) };
    });
    expect(ours).toEqual(official);
    expect(ours.read).toMatchObject({ value: "v", properties: { expiresOn: "2031-01-01T00:00:00.000Z" } });
  });

  it("rejects a stopped pollUntilDone with core-lro's PollerStoppedError", async () => {
    const { official, ours } = await runBoth(async (client) => {
      await client.setSecret("slow", "v");
      const poller = await client.beginDeleteSecret("slow", { intervalInMs: 5 });
      const pending = poller.pollUntilDone().catch((error: unknown) => error);
      poller.stopPolling();
      const error = await pending;
      return {
        isPollerStoppedError: error instanceof PollerStoppedError,
        name: (error as Error).name,
        message: (error as Error).message,
        isDone: poller.isDone(),
      };
    }, 60_000);
    expect(ours).toEqual(official);
    expect(ours.isPollerStoppedError).toBe(true);
  });

  it("pages with for await over byPage, and (our addition, README Differences) resumes from continuationToken", async () => {
    const { official, ours } = await runBoth(async (client) => {
      for (const name of ["p1", "p2", "p3", "p4", "p5"]) await client.setSecret(name, "v");
      const sizes: number[] = [];
      const tokens: Array<string | undefined> = [];
      for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) {
        sizes.push(page.length);
        tokens.push((page as { continuationToken?: string }).continuationToken);
      }
      const resumed: string[] = [];
      if (tokens[0]) {
        const rest = client
          .listPropertiesOfSecrets()
          .byPage({ continuationToken: tokens[0], maxPageSize: 2 });
        for await (const page of rest) resumed.push(...page.map((properties) => properties.name));
      }
      return { sizes, tokensSet: tokens.map((token) => token !== undefined), resumed };
    });
    expect(ours.sizes).toEqual(official.sizes);
    expect(official.sizes).toEqual([2, 2, 1]);
    // Listed in the README's Differences table: the official pages carry no continuationToken.
    expect(official.tokensSet).toEqual([false, false, false]);
    expect(official.resumed).toEqual([]);
    expect(ours.tokensSet).toEqual([true, true, false]);
    expect(ours.resumed).toEqual(["p3", "p4", "p5"]);
  });

  it("accepts a vault URL with a query string", async () => {
    const { official, ours } = await runBoth(async (client, vaultUrl, newClient) => {
      await client.setSecret("q", "v");
      return (await newClient(`${vaultUrl}?x=1`).getSecret("q")).value;
    });
    expect(ours).toEqual(official);
    expect(ours).toBe("v");
  });

  it("fails with a TypeError when the credential is missing (ours at construction: README Differences)", async () => {
    const { official, ours } = await runBoth(async (_client, vaultUrl, newClient) => {
      const error = await caught(async () => {
        const noCredential = newClient(vaultUrl, null as never);
        await noCredential.getSecret("s");
      });
      return error instanceof TypeError;
    });
    expect(ours).toEqual(official);
    expect(ours).toBe(true);
  });
});
