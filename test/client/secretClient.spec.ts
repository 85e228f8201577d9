import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import {
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type RecordedRequest,
  type ScriptStep,
} from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";
const ID = `${VAULT}/secrets/a/0123456789abcdef0123456789abcdef`;
const bundle = { status: 200, body: { value: "v", id: ID, attributes: { enabled: true } } };

function setup(...steps: ScriptStep[]) {
  const transport = new ScriptedHttpClient([challenge(), ...steps]);
  const client = new SecretClient(`${VAULT}/`, new RecordingCredential(), {
    httpClient: transport,
    serviceVersion: "7.6",
  });
  /** The authorized request (the one after the bodiless probe). */
  const sent = (): RecordedRequest => transport.requests[transport.requests.length - 1];
  return { client, transport, sent };
}

describe("SecretClient requests", () => {
  it("keeps vaultUrl as given and builds URLs on its origin", async () => {
    const { client, sent } = setup(bundle);
    expect(client.vaultUrl).toBe(`${VAULT}/`);
    await client.getSecret("a");
    expect(sent().url).toBe(`${VAULT}/secrets/a/?api-version=7.6`);
  });

  it("setSecret sends PUT with the JSON body and the application/json content type", async () => {
    const { client, transport, sent } = setup(bundle);
    await client.setSecret("a", "v", { enabled: false });
    expect(transport.requests[0].body).toBeUndefined();
    expect(sent()).toMatchObject({
      method: "PUT",
      url: `${VAULT}/secrets/a?api-version=7.6`,
      body: '{"value":"v","attributes":{"enabled":false}}',
    });
    expect(sent().headers["content-type"]).toBe("application/json");
  });

  it("getSecret with version and outContentType", async () => {
    const { client, sent } = setup(bundle);
    await client.getSecret("a", { version: "abc", outContentType: "application/x-pem-file" });
    expect(sent().url).toBe(`${VAULT}/secrets/a/abc?api-version=7.6&outContentType=application%2Fx-pem-file`);
  });

  it("updateSecretProperties treats an empty or missing version as the latest", async () => {
    const { client, sent } = setup(bundle, bundle);
    await client.updateSecretProperties("a", "", { tags: { a: "b" } });
    expect(sent()).toMatchObject({ method: "PATCH", url: `${VAULT}/secrets/a/?api-version=7.6` });
    await client.updateSecretProperties("a", undefined as unknown as string, {});
    expect(sent().url).toBe(`${VAULT}/secrets/a/?api-version=7.6`);
  });

  it("purgeDeletedSecret expects 204 and resolves to undefined", async () => {
    const { client, sent } = setup({ status: 204 });
    await expect(client.purgeDeletedSecret("a")).resolves.toBeUndefined();
    expect(sent()).toMatchObject({ method: "DELETE", url: `${VAULT}/deletedsecrets/a?api-version=7.6` });
  });

  it("backupSecret returns bytes and restoreSecretBackup sends them back as base64url", async () => {
    const { client, sent } = setup({ status: 200, body: { value: "-_-_AQ" } }, bundle);
    const backup = await client.backupSecret("a");
    expect(backup).toEqual(Buffer.from([0xfb, 0xff, 0xbf, 1]));
    await client.restoreSecretBackup(backup!);
    expect(sent()).toMatchObject({
      method: "POST",
      url: `${VAULT}/secrets/restore?api-version=7.6`,
      body: '{"value":"-_-_AQ"}',
    });
  });

  it("lists page by page with maxresults and continuation tokens from nextLink", async () => {
    const next = `${VAULT}:443/secrets?api-version=7.6&$skiptoken=t1&maxresults=1`;
    const item = (name: string) => ({ id: `${VAULT}/secrets/${name}`, attributes: {} });
    const { client, transport } = setup(
      { status: 200, body: { value: [item("a")], nextLink: next } },
      { status: 200, body: { value: [], nextLink: `${VAULT}/secrets?api-version=7.6&$skiptoken=t2` } },
      { status: 200, body: { value: [item("b")], nextLink: null } },
    );
    const pages: string[][] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 })) {
      pages.push(page.map((properties) => properties.name));
    }
    expect(pages).toEqual([["a"], [], ["b"]]);
    expect(transport.requests[1].url).toBe(`${VAULT}/secrets?api-version=7.6&maxresults=1`);
    expect(transport.requests[2].url).toBe(next);
  });

  it("lists versions and deleted secrets on their own paths", async () => {
    const { client, transport } = setup(
      { status: 200, body: { value: [] } },
      {
        status: 200,
        body: { value: [{ id: `${VAULT}/secrets/d`, recoveryId: `${VAULT}/deletedsecrets/d` }] },
      },
    );
    for await (const _ of client.listPropertiesOfSecretVersions("a")) void _;
    const deleted = [];
    for await (const secret of client.listDeletedSecrets()) deleted.push(secret);
    expect(transport.requests[1].url).toBe(`${VAULT}/secrets/a/versions?api-version=7.6`);
    expect(transport.requests[2].url).toBe(`${VAULT}/deletedsecrets?api-version=7.6`);
    expect(deleted[0]).toMatchObject({ name: "d", recoveryId: `${VAULT}/deletedsecrets/d` });
  });
});

describe("SecretClient over http", () => {
  it("marks every request of a client built with allowInsecureConnection as allowed over http", async () => {
    const transport = new ScriptedHttpClient([challenge("http://localhost:8080"), bundle]);
    const client = new SecretClient("http://localhost:8080", new RecordingCredential(), {
      httpClient: transport,
      allowInsecureConnection: true,
    });
    await client.getSecret("a");
    expect(transport.pipelineRequests.map((request) => request.allowInsecureConnection)).toEqual([
      true,
      true,
    ]);
  });
});

describe("SecretClient argument validation", () => {
  it("rejects bad arguments before any request", async () => {
    const { client, transport } = setup();
    await expect(client.setSecret("", "v")).rejects.toThrow(RangeError);
    await expect(client.setSecret("a", undefined as unknown as string)).rejects.toThrow(TypeError);
    await expect(client.getSecret("a", { version: "../x" })).rejects.toThrow(RangeError);
    await expect(client.restoreSecretBackup(new Uint8Array())).rejects.toThrow(RangeError);
    await expect(client.beginDeleteSecret("bad_name")).rejects.toThrow(/"name"/);
    expect(() => client.listPropertiesOfSecretVersions("a b")).toThrow(RangeError);
    await expect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 0 }).next()).rejects.toThrow(
      RangeError,
    );
    expect(transport.requests).toHaveLength(0);
  });

  it("rejects an http vault URL unless allowInsecureConnection is set", () => {
    const credential = new RecordingCredential();
    expect(() => new SecretClient("http://localhost:8080", credential)).toThrow(/allowInsecureConnection/);
    expect(
      new SecretClient("http://localhost:8080", credential, { allowInsecureConnection: true }).vaultUrl,
    ).toBe("http://localhost:8080");
  });
});
