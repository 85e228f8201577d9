import { describe, expect, it } from "vitest";
import { requestTarget } from "../../../src/http/transport/requestTarget.js";

describe("requestTarget (the lean transport's host and path options)", () => {
  it("splits a vault URL into the options node:http would derive from it, parsing the origin once", () => {
    const last = {};
    expect(requestTarget("https://myvault.vault.azure.net/secrets/a/?api-version=2026-04-01", last)).toEqual({
      protocol: "https:",
      hostname: "myvault.vault.azure.net",
      port: undefined,
      path: "/secrets/a/?api-version=2026-04-01",
    });
    expect(requestTarget("http://127.0.0.1:8443/secrets?api-version=7.6&maxresults=25", last)).toEqual({
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 8443,
      path: "/secrets?api-version=7.6&maxresults=25",
    });
    expect(requestTarget("https://[::1]:8443/secrets/%24x?$skiptoken=ab%3D", last)).toEqual({
      protocol: "https:",
      hostname: "::1",
      port: 8443,
      path: "/secrets/%24x?$skiptoken=ab%3D",
    });
  });

  it("leaves to node:http every URL that URL parsing would rewrite", () => {
    for (const url of [
      "https://MyVault.vault.azure.net/secrets/a", // host case
      "https://myvault.vault.azure.net:443/secrets/a", // default port
      "https://user:pass@myvault.vault.azure.net/secrets/a", // user info
      "https://myvault.vault.azure.net/secrets/a b", // space
      "https://myvault.vault.azure.net/secrets/../keys/a", // dot segment
      "https://myvault.vault.azure.net/secrets/a#fragment",
      "https://myvault.vault.azure.net/secrets/é",
      "https://myvault.vault.azure.net",
    ]) {
      expect(requestTarget(url, {}), url).toBeUndefined();
    }
  });
});
