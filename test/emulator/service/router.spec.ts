import { describe, expect, it } from "vitest";
import { identifyOperation } from "../../../src/emulator/service/handler";

describe("identifyOperation", () => {
  it.each([
    ["PUT", "/secrets/a", { operation: "setSecret", secretName: "a" }],
    ["GET", "/secrets/a", { operation: "getSecret", secretName: "a" }],
    ["GET", "/secrets/a/", { operation: "getSecret", secretName: "a" }],
    ["GET", "/secrets/a/0123", { operation: "getSecret", secretName: "a" }],
    ["PATCH", "/secrets/a/", { operation: "updateSecret", secretName: "a" }],
    ["DELETE", "/secrets/a", { operation: "deleteSecret", secretName: "a" }],
    ["GET", "/deletedsecrets/a", { operation: "getDeletedSecret", secretName: "a" }],
    ["DELETE", "/deletedsecrets/a", { operation: "purgeDeletedSecret", secretName: "a" }],
    ["POST", "/deletedsecrets/a/recover", { operation: "recoverDeletedSecret", secretName: "a" }],
    ["POST", "/secrets/a/backup", { operation: "backupSecret", secretName: "a" }],
    ["POST", "/secrets/restore", { operation: "restoreSecret" }],
    ["PUT", "/secrets/restore", { operation: "setSecret", secretName: "restore" }],
    ["GET", "/secrets", { operation: "getSecrets" }],
    ["GET", "/secrets/", { operation: "getSecrets" }],
    ["GET", "/secrets/a/versions", { operation: "getSecretVersions", secretName: "a" }],
    ["PATCH", "/secrets/a/versions", { operation: "updateSecret", secretName: "a" }],
    ["GET", "/secrets/a/backup", { operation: "getSecret", secretName: "a" }],
    ["GET", "/deletedsecrets", { operation: "getDeletedSecrets" }],
    ["get", "//secrets/my%2Dname/", { operation: "getSecret", secretName: "my-name" }],
  ])("%s %s", (method, path, expected) => {
    expect(identifyOperation(method, path)).toEqual(expected);
  });

  it.each([
    ["GET", "/keys/a"],
    ["PUT", "/secrets"],
    ["POST", "/secrets/a"],
    ["GET", "/secrets/a/b/c"],
    ["GET", "/"],
  ])("finds no operation for %s %s", (method, path) => {
    expect(identifyOperation(method, path)).toBeUndefined();
  });
});
