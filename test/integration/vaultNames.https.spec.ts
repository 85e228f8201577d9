// Vaults by name over real HTTPS: our client with verification on (it resolves *.localhost itself), vaults
// created while the emulator runs, unknown vaults, a data file that keeps every vault, --host ::1, and a
// listener on a second address (127.0.0.2) reached by a --cert-name through an injected lookup.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { SecretClient as OfficialSecretClient } from "@azure/keyvault-secrets";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as connectTls } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { localhostLookup } from "../../src/shared/localhostLookup.js";
import { RestError, SecretClient } from "../../src/index.js";

/** Gets tokens from the emulator's managed-identity endpoint, as DefaultAzureCredential would. */
function identityEndpointCredential(
  emulator: Pick<RunningEmulator, "identityEndpoint" | "identityHeader">,
): TokenCredential & { calls: number } {
  return {
    calls: 0,
    async getToken(scopes): Promise<AccessToken> {
      this.calls++;
      const url = new URL(emulator.identityEndpoint);
      url.searchParams.set("api-version", "2019-08-01");
      url.searchParams.set("resource", [scopes].flat()[0]!.replace(/\/\.default$/, ""));
      const response = await fetch(url, { headers: { "x-identity-header": emulator.identityHeader } });
      const body = (await response.json()) as { access_token: string; expires_on: string };
      return { token: body.access_token, expiresOnTimestamp: Number(body.expires_on) * 1000 };
    },
  };
}

function refused(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, host);
    socket.once("connect", () => (socket.destroy(), resolve("connected")));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

function peerNames(host: string, port: number, servername: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host, port, servername, ca }, () => {
      resolve(socket.getPeerCertificate().subjectaltname ?? "");
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

describe("vaults by name over HTTPS, challenge verification on", () => {
  let directory: string;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "kv-vault-names-"));
    emulator = await startEmulator({
      vaults: ["dev", { name: "prod", purgeProtection: true }],
      dataFile: join(directory, "data.json"),
    });
  });

  afterAll(async () => {
    await emulator?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const client = (url: string) => new SecretClient(url, emulator.credential, { ...emulator.clientOptions });

  it("names the default vault by name and keeps the plain address for it", async () => {
    const port = new URL(emulator.addressUrl).port;
    expect(emulator.vaultUrl).toBe(`https://dev.vault.localhost:${port}`);
    expect(emulator.addressUrl).toBe(`https://127.0.0.1:${port}`);
    expect(emulator.env["KEYVAULT_URI_PROD"]).toBe(`https://prod.vault.localhost:${port}`);
    await client(emulator.vaultUrl).setSecret("by-name", "v");
    const byAddress = new SecretClient(emulator.addressUrl, emulator.credential, {
      ...emulator.clientOptions,
      disableChallengeResourceVerification: true,
    });
    expect((await byAddress.getSecret("by-name")).value).toBe("v");
  });

  it("reaches a vault created while the emulator runs, and refuses unknown ones naming the known vaults", async () => {
    const late = emulator.vaults.create("late-vault");
    await client(late.url).setSecret("fresh", "v");
    const missing = client(late.url.replace("late-vault", "missing")).getSecret("fresh");
    const error = await missing.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: "VaultNotFound",
      message: expect.stringContaining("its vaults are: dev, prod, late-vault"),
    });
  });

  it("keeps every vault, its settings and its secrets in the data file across a restart", async () => {
    await client(emulator.vaults.url("prod")).setSecret("kept", "in prod");
    await emulator.stop();
    emulator = await startEmulator({ dataFile: join(directory, "data.json") });
    expect(emulator.vaults.list().map((vault) => [vault.name, vault.settings.purgeProtection])).toEqual([
      ["dev", false],
      ["prod", true],
      ["late-vault", false],
    ]);
    expect((await client(emulator.vaults.url("prod")).getSecret("kept")).value).toBe("in prod");
    expect((await client(emulator.vaults.url("late-vault")).getSecret("fresh")).value).toBe("v");
  });
});

describe("--host ::1", () => {
  it("prints localhost, never [::1], and serves both clients by vault name over IPv6", async () => {
    const emulator = await startEmulator({ host: "::1", vaults: ["six"] });
    try {
      expect(emulator.addressUrl).toMatch(/^https:\/\/localhost:\d+$/);
      expect(emulator.identityEndpoint).toMatch(/^http:\/\/localhost:\d+\/msi\/token$/);
      // Our client resolves six.vault.localhost to both loopback addresses and reaches the ::1 listener.
      const ours = new SecretClient(emulator.vaultUrl, emulator.credential, { ...emulator.clientOptions });
      await ours.setSecret("over-ipv6", "v");
      // The official client, given the lookup the emulator/localhost preload installs, with verification on;
      // its tokens come from the identity endpoint, which listens on ::1 too (this machine's /etc/hosts maps
      // localhost to 127.0.0.1 only, so the test dials [::1] directly).
      const identityPort = new URL(emulator.identityEndpoint).port;
      const credential = identityEndpointCredential({
        identityEndpoint: `http://[::1]:${identityPort}/msi/token`,
        identityHeader: emulator.identityHeader,
      });
      const agent = new Agent({ ca: emulator.caCertificate, lookup: localhostLookup as never });
      const official = new OfficialSecretClient(emulator.vaultUrl, credential, { agent });
      expect((await official.getSecret("over-ipv6")).value).toBe("v");
    } finally {
      await emulator.stop();
    }
  });
});

describe("a listener on a second address (127.0.0.2) with --cert-name", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      host: "127.0.0.2",
      vaults: ["team"],
      certNames: ["kv.example.test", "*.vault.example.test"],
    });
  });
  afterAll(() => emulator?.stop());

  const port = () => Number(new URL(emulator.addressUrl).port);

  it("listens there only, identity endpoint included", async () => {
    const identityPort = Number(new URL(emulator.identityEndpoint).port);
    expect(emulator.addressUrl).toBe(`https://127.0.0.2:${port()}`);
    expect(new URL(emulator.identityEndpoint).hostname).toBe("127.0.0.2");
    expect(await refused("127.0.0.1", port())).toBe("ECONNREFUSED");
    expect(await refused("127.0.0.1", identityPort)).toBe("ECONNREFUSED");
  });

  it("serves a certificate for the vault names, loopback, the listen address and every --cert-name", async () => {
    const names = await peerNames("127.0.0.2", port(), "kv.example.test", emulator.caCertificate!);
    expect(names.split(", ")).toEqual([
      "DNS:*.vault.localhost",
      "DNS:vault.localhost",
      "DNS:localhost",
      "IP Address:127.0.0.1",
      "IP Address:0:0:0:0:0:0:0:1",
      "IP Address:127.0.0.2",
      "DNS:kv.example.test",
      "DNS:*.vault.example.test",
    ]);
  });

  it("serves the official client by a --cert-name through an injected lookup, verification on", async () => {
    // What a machine whose DNS names the emulator host would do: every example.test name → 127.0.0.2.
    const agent = new Agent({
      ca: emulator.caCertificate,
      lookup: (_hostname, options, callback) =>
        (options as { all?: boolean }).all
          ? (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: "127.0.0.2", family: 4 },
            ])
          : (callback as (e: null, a: string, f: number) => void)(null, "127.0.0.2", 4),
    });
    const credential = identityEndpointCredential(emulator);
    const vaultUrl = `https://team.vault.example.test:${port()}`;
    const official = new OfficialSecretClient(vaultUrl, credential, { agent });
    const created = await official.setSecret("remote", "v");
    expect(created.properties.vaultUrl).toBe(vaultUrl);
    expect(credential.calls).toBeGreaterThan(0);
    // A plain --cert-name reaches the default vault (the same one); its challenge names its own origin,
    // so that address needs the fallback, like https://127.0.0.1:<port>.
    const plain = new SecretClient(`https://kv.example.test:${port()}`, credential, {
      agent,
      disableChallengeResourceVerification: true,
    });
    expect((await plain.getSecret("remote")).value).toBe("v");
  });
});
