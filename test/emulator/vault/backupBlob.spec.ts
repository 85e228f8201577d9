import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openBackup, sealBackup } from "../../../src/emulator/vault/backupBlob";
import { ServiceError } from "../../../src/emulator/protocol/serviceErrors";
import type { BackedUpSecret } from "../../../src/emulator/vault/vaultRecords";

const secret: BackedUpSecret = {
  name: "Backed-Up",
  versions: [
    { version: "0".repeat(32), value: "first", enabled: true, created: 1, updated: 2, tags: { a: "b" } },
    {
      version: "f".repeat(32),
      value: "",
      enabled: false,
      created: 3,
      updated: 4,
      contentType: "x",
      nbf: 5,
      exp: 6,
    },
  ],
};

function expectMalformed(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).status).toBe(400);
    expect((error as ServiceError).code).toBe("Malformed backup blob");
    return;
  }
  throw new Error("expected a Malformed backup blob error");
}

describe("backup blobs", () => {
  it("round-trip every version with the same key", () => {
    const key = randomBytes(32);
    expect(openBackup(sealBackup(secret, key), key)).toEqual(secret);
  });

  it("differ on every seal, so equal content does not give equal blobs", () => {
    const key = randomBytes(32);
    expect(sealBackup(secret, key)).not.toBe(sealBackup(secret, key));
  });

  it("cannot be opened with another vault's key", () => {
    expectMalformed(() => openBackup(sealBackup(secret, randomBytes(32)), randomBytes(32)));
  });

  it("reject any single changed byte, including in the prefix", () => {
    const key = randomBytes(32);
    const bytes = Buffer.from(sealBackup(secret, key), "base64url");
    for (const index of [0, 10, 42, 43, 60, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[index] ^= 0x80;
      expectMalformed(() => openBackup(changed.toString("base64url"), key));
    }
  });

  it("reject an authentic blob whose content is not a backed-up secret", () => {
    const key = randomBytes(32);
    const notASecret = { name: "bad_name", versions: secret.versions } as BackedUpSecret;
    expectMalformed(() => openBackup(sealBackup(notASecret, key), key));
    expectMalformed(() => openBackup(sealBackup({ name: "empty", versions: [] }, key), key));
  });
});
