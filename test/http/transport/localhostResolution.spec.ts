// The client's own resolution of *.localhost hosts in Node (RFC 6761): names below `localhost` reach
// loopback even where the system resolver answers ENOTFOUND (this machine), everything else is untouched.
import { createPipelineRequest, type PipelineRequest, type SendRequest } from "@azure/core-rest-pipeline";
import type { LookupAddress } from "node:dns";
import { Agent } from "node:https";
import { describe, expect, it } from "vitest";
import { localhostResolutionPolicy } from "../../../src/http/transport/localhostResolution.js";
import { isLocalhostSubdomain, localhostLookup } from "../../../src/shared/localhostLookup.js";

function lookup(hostname: string, options: { family?: number; all?: boolean }) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
    localhostLookup(hostname, options, (error, address) => resolve({ error, address })),
  );
}

async function agentOf(url: string, settings?: Partial<PipelineRequest>): Promise<PipelineRequest["agent"]> {
  const request = createPipelineRequest({ url });
  Object.assign(request, settings);
  let sent: PipelineRequest | undefined;
  const next: SendRequest = async (forwarded) => (
    (sent = forwarded),
    { request, status: 200, headers: request.headers }
  );
  await policy.sendRequest(request, next);
  return sent!.agent;
}

const policy = localhostResolutionPolicy();

describe("isLocalhostSubdomain", () => {
  it.each([
    ["dev.vault.localhost", true],
    ["DEV.Vault.LOCALHOST", true],
    ["a.localhost.", true],
    ["localhost", false],
    ["vault.localhost.example.com", false],
    ["notlocalhost", false],
    ["127.0.0.1", false],
  ])("%s → %s", (hostname, expected) => {
    expect(isLocalhostSubdomain(hostname)).toBe(expected);
  });
});

describe("localhostLookup", () => {
  it("answers names below localhost with loopback, both families when asked for all", async () => {
    expect(await lookup("dev.vault.localhost", { all: true })).toEqual({
      error: null,
      address: [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ],
    });
    expect(await lookup("dev.vault.localhost", {})).toEqual({ error: null, address: "127.0.0.1" });
    expect(await lookup("dev.vault.localhost", { family: 6 })).toEqual({ error: null, address: "::1" });
  });

  it("passes every other name to the system resolver", async () => {
    expect((await lookup("no-such-host.invalid", {})).error?.code).toBe("ENOTFOUND");
    expect(await lookup("127.0.0.1", {})).toEqual({ error: null, address: "127.0.0.1" });
  });
});

describe("localhostResolutionPolicy", () => {
  it("gives *.localhost requests an agent that carries the request's TLS settings, one per settings object", async () => {
    const tlsSettings = { ca: "-----BEGIN CERTIFICATE-----" };
    const agent = await agentOf("https://dev.vault.localhost:8443/secrets/a", { tlsSettings });
    expect(agent).toBeInstanceOf(Agent);
    expect((agent as Agent & { options: { ca?: string } }).options.ca).toBe(tlsSettings.ca);
    expect(await agentOf("https://other.vault.localhost:8443/", { tlsSettings })).toBe(agent);
    expect(await agentOf("https://dev.vault.localhost:8443/", { tlsSettings: { ...tlsSettings } })).not.toBe(
      agent,
    );
  });

  it("honours disableKeepAlive (keepAliveOptions.enable: false) with an agent that does not keep sockets", async () => {
    const kept = (await agentOf("https://dev.vault.localhost/")) as Agent & { keepAlive: boolean };
    const closed = (await agentOf("https://dev.vault.localhost/", { disableKeepAlive: true })) as Agent & {
      keepAlive: boolean;
    };
    expect([kept.keepAlive, closed.keepAlive]).toEqual([true, false]);
  });

  it("serialises its agents as [REDACTED], as the request's TLS settings are", async () => {
    const agent = await agentOf("https://dev.vault.localhost/", { tlsSettings: { key: "PRIVATE KEY" } });
    expect(JSON.stringify({ agent })).toBe('{"agent":"[REDACTED]"}');
  });

  it("leaves other hosts and requests that already have an agent alone", async () => {
    expect(await agentOf("https://myvault.vault.azure.net/secrets/a")).toBeUndefined();
    expect(await agentOf("https://localhost:8443/")).toBeUndefined();
    expect(await agentOf("https://evil.example/?next=https://a.localhost/")).toBeUndefined();
    const own = new Agent();
    expect(await agentOf("https://dev.vault.localhost/", { agent: own })).toBe(own);
  });
});
