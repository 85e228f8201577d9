// Routing pitfalls, api-version handling and version-gated fields (docs/service-behaviour.md#wire-conventions, #api-versions, #routing).
import { describe, expect, it } from "vitest";
import { supportedApiVersions } from "../../../src/emulator/protocol/apiVersions";
import {
  expectServiceError,
  notFoundMessage,
  setSecret,
  useVault,
  versionOf,
  type MakeTarget,
} from "./support";

/** Conformance of routing and api-version handling. */
export function defineRoutingConformance(makeTarget: MakeTarget): void {
  describe("routing by method and segment count", () => {
    const vault = useVault(makeTarget);

    it("treats POST /secrets/restore as restore but PUT and GET as a secret named 'restore'", async () => {
      const target = vault();
      const restore = await target.send({ method: "POST", path: "/secrets/restore", body: {} });
      expectServiceError(restore, 400, "BadParameter", /value/);
      const set = await setSecret(target, "restore", { value: "named restore" });
      expect(set.id).toContain("/secrets/restore/");
      expect((await target.send({ method: "GET", path: "/secrets/restore/" })).json.value).toBe(
        "named restore",
      );
    });

    it("treats GET /secrets/{n}/versions as list-versions, and a secret may be called 'versions'", async () => {
      const target = vault();
      await setSecret(target, "versions", { value: "named versions" });
      const list = await target.send({ method: "GET", path: "/secrets/versions/versions" });
      expect(list.json.value).toHaveLength(1);
      expect((await target.send({ method: "GET", path: "/secrets/versions/" })).json.value).toBe(
        "named versions",
      );
    });

    it("treats POST /secrets/{n}/backup as backup but GET as 'get version backup'", async () => {
      const target = vault();
      await setSecret(target, "backup", { value: "named backup" });
      expect((await target.send({ method: "POST", path: "/secrets/backup/backup" })).status).toBe(200);
      const get = await target.send({ method: "GET", path: "/secrets/backup/backup" });
      expectServiceError(get, 404, "SecretNotFound", notFoundMessage("backup/backup"));
    });

    it("tolerates a double slash after the vault URL", async () => {
      const target = vault();
      const set = await target.send({ method: "PUT", path: "//secrets/double", body: { value: "d" } });
      expect(set.status, set.text).toBe(200);
      expect(set.json.id).toMatch(new RegExp(`^${target.vaultUrl}/secrets/double/[0-9a-f]{32}$`));
      expect((await target.send({ method: "GET", path: "//secrets/double/" })).json.value).toBe("d");
    });

    it("percent-decodes path segments and query keys", async () => {
      const target = vault();
      const set = await target.send({ method: "PUT", path: "/secrets/my%2Dsecret", body: { value: "p" } });
      expect(set.json.id).toContain("/secrets/my-secret/");
      const got = await target.send({ method: "GET", path: "/secrets/my-secret/?api%2Dversion=7.6" });
      expect(got.status).toBe(200);
      expect(got.json.value).toBe("p");
      const slash = await target.send({ method: "GET", path: "/secrets/a%2Fb/" });
      expectServiceError(slash, 400, "BadParameter", "The request URI contains an invalid name: a/b");
    });

    it("answers unknown paths with a Key Vault style 404 and wrong methods with 405", async () => {
      const target = vault();
      const version = versionOf((await setSecret(target, "known")).id);
      for (const path of ["/keys", "/keys/known", "/secrets/known/a/b", "/deletedsecrets/known/undo"]) {
        const response = await target.send({ method: "GET", path });
        expectServiceError(response, 404, "NotFound", /does not represent any resource/);
      }
      const wrongMethods = [
        ["PUT", "/secrets"],
        ["POST", "/secrets/known"],
        ["DELETE", `/secrets/known/${version}`],
        ["PUT", "/deletedsecrets/known"],
        ["GET", "/deletedsecrets/known/recover"],
        ["POST", "/secrets/known/versions"],
      ];
      for (const [method, path] of wrongMethods) {
        const response = await target.send({ method, path });
        expectServiceError(
          response,
          405,
          "MethodNotAllowed",
          `The requested resource does not support http method '${method}'.`,
        );
      }
    });
  });

  describe("api-version", () => {
    const vault = useVault(makeTarget);

    it("accepts every supported version", async () => {
      const target = vault();
      for (const apiVersion of supportedApiVersions) {
        const set = await target.send({
          method: "PUT",
          path: "/secrets/versioned",
          query: { "api-version": apiVersion },
          body: { value: apiVersion },
        });
        expect(set.status, apiVersion).toBe(200);
      }
    });

    it("rejects an unknown version with the service's message", async () => {
      const target = vault();
      for (const apiVersion of ["7.7", "2025-06-01", "latest"]) {
        const response = await target.send({
          method: "GET",
          path: "/secrets",
          query: { "api-version": apiVersion },
        });
        expectServiceError(
          response,
          400,
          "BadParameter",
          `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (2026-04-01).`,
        );
      }
    });

    it("rejects a request without api-version with 400 BadParameter", async () => {
      const response = await vault().send({ method: "GET", path: "/secrets?maxresults=1" });
      expectServiceError(response, 400, "BadParameter", /api-version/);
    });

    it("sends recoverableDays only from 7.1-preview on", async () => {
      const target = vault();
      await setSecret(target, "gated");
      for (const [apiVersion, present] of [
        ["2015-06-01", false],
        ["2016-10-01", false],
        ["7.0", false],
        ["7.1-preview", true],
        ["7.6", true],
        ["2026-04-01", true],
      ] as const) {
        const got = await target.send({
          method: "GET",
          path: "/secrets/gated/",
          query: { "api-version": apiVersion },
        });
        expect("recoverableDays" in got.json.attributes, apiVersion).toBe(present);
        expect(got.json.attributes.recoveryLevel).toBe("Recoverable+Purgeable");
      }
    });

    it("never sends previousVersion for a plain secret", async () => {
      const target = vault();
      await setSecret(target, "plain");
      await setSecret(target, "plain");
      const got = await target.send({ method: "GET", path: "/secrets/plain/" });
      expect(got.json.previousVersion).toBeUndefined();
    });

    it("refuses outContentType on a plain secret from 2025-06-01-preview on, and ignores it before", async () => {
      const target = vault();
      await setSecret(target, "plain", { value: "not a certificate" });
      const pem = "application/x-pem-file";
      const refused = await target.send({
        method: "GET",
        path: "/secrets/plain/",
        query: { outContentType: pem },
      });
      expectServiceError(refused, 400, "BadParameter", /outContentType/);
      const unknown = await target.send({
        method: "GET",
        path: "/secrets/plain/",
        query: { outContentType: "x/y" },
      });
      expectServiceError(unknown, 400, "BadParameter", /outContentType/);
      const older = await target.send({
        method: "GET",
        path: "/secrets/plain/",
        query: { "api-version": "7.6", outContentType: pem },
      });
      expect(older.status).toBe(200);
      expect(older.json.value).toBe("not a certificate");
    });
  });

  describe("api-version gating of customized recovery levels", () => {
    const vault = useVault(makeTarget, { recoverableDays: 30, purgeProtection: true });

    it("maps CustomizedRecoverable to Recoverable before 7.1-preview", async () => {
      const target = vault();
      const older = await target.send({
        method: "PUT",
        path: "/secrets/custom",
        query: { "api-version": "7.0" },
        body: { value: "v" },
      });
      expect(older.json.attributes.recoveryLevel).toBe("Recoverable");
      expect(older.json.attributes.recoverableDays).toBeUndefined();
      const newer = await target.send({ method: "GET", path: "/secrets/custom/" });
      expect(newer.json.attributes.recoveryLevel).toBe("CustomizedRecoverable");
      expect(newer.json.attributes.recoverableDays).toBe(30);
    });
  });
}
