import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../../../src/emulator/vault/clock";
import { handleVaultRequest } from "../../../src/emulator/service/handler";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore";

function request(method: string, path: string, body = "") {
  return { method, url: new URL(`https://127.0.0.1:8443${path}`), headers: {}, body };
}

describe("handleVaultRequest", () => {
  const store = () => new VaultStore(defaultVaultSettings, new EmulatorClock());

  it("reports the operation, decoded name and api-version with the response", () => {
    const handled = handleVaultRequest(
      request("PUT", "/secrets/my%2Dname?api-version=7.6", '{"value":"v"}'),
      store(),
    );
    expect(handled.operation).toBe("setSecret");
    expect(handled.secretName).toBe("my-name");
    expect(handled.apiVersion).toBe("7.6");
    expect(handled.response.status).toBe(200);
    expect(handled.response.headers).toEqual({ "content-type": "application/json; charset=utf-8" });
  });

  it("reports a rejected api-version and an unmatched route without an operation", () => {
    const rejected = handleVaultRequest(request("GET", "/secrets?api-version=1.0"), store());
    expect(rejected).toMatchObject({ operation: "getSecrets", apiVersion: "1.0" });
    expect(rejected.response.status).toBe(400);
    const unmatched = handleVaultRequest(request("GET", "/nothing?api-version=7.6"), store());
    expect(unmatched.operation).toBeUndefined();
    expect(unmatched.apiVersion).toBe("7.6");
    expect(unmatched.response.status).toBe(404);
  });

  it("answers a purge with 204, no headers and no body", () => {
    const vault = store();
    handleVaultRequest(request("PUT", "/secrets/p?api-version=7.6", '{"value":"v"}'), vault);
    handleVaultRequest(request("DELETE", "/secrets/p?api-version=7.6"), vault);
    const purged = handleVaultRequest(request("DELETE", "/deletedsecrets/p?api-version=7.6"), vault);
    expect(purged.response).toEqual({ status: 204, headers: {} });
  });

  it("turns an unexpected failure into a generic 500 without internals", () => {
    const broken = store();
    broken.sweep = () => {
      throw new Error("internal detail /home/user/stack");
    };
    const handled = handleVaultRequest(request("GET", "/secrets?api-version=7.6"), broken);
    expect(handled.response.status).toBe(500);
    expect(handled.response.body).not.toContain("internal detail");
    expect(JSON.parse(handled.response.body!).error.code).toBe("InternalServerError");
  });

  it("bumps the store revision only when the vault changes", () => {
    const vault = store();
    const before = vault.revision;
    handleVaultRequest(request("GET", "/secrets?api-version=7.6"), vault);
    handleVaultRequest(request("GET", "/secrets/none/?api-version=7.6"), vault);
    expect(vault.revision).toBe(before);
    handleVaultRequest(request("PUT", "/secrets/x?api-version=7.6", '{"value":"v"}'), vault);
    expect(vault.revision).toBe(before + 1);
  });
});
