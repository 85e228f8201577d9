import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createCertificateAuthority,
  createTlsMaterial,
} from "../../../src/emulator/identity/certificates.js";
import { derInteger, derOid, derTime } from "../../../src/emulator/identity/der.js";

describe("der encoder", () => {
  it("encodes object identifiers with base-128 arcs", () => {
    expect(derOid("1.2.840.10045.4.3.2").toString("hex")).toBe("06082a8648ce3d040302");
  });

  it("keeps integers positive with a leading zero byte", () => {
    expect(derInteger(0x80).toString("hex")).toBe("02020080");
    expect(derInteger(Buffer.from([0, 0, 5])).toString("hex")).toBe("020105");
  });

  it("switches from UTCTime to GeneralizedTime in 2050", () => {
    expect(derTime(new Date("2049-12-31T23:59:59Z")).subarray(2).toString()).toBe("491231235959Z");
    expect(derTime(new Date("2050-01-01T00:00:00Z"))[0]).toBe(0x18);
  });
});

describe("createTlsMaterial", () => {
  const material = createTlsMaterial();
  const dir = mkdtempSync(join(tmpdir(), "kv-cert-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("produces a CA that node:crypto parses as a CA with its own key", () => {
    const ca = new X509Certificate(material.ca.certificate);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe(ca.issuer);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(material.ca.privateKey))).toBe(true);
  });

  it("signs a server certificate for localhost, 127.0.0.1 and ::1", () => {
    const ca = new X509Certificate(material.ca.certificate);
    const server = new X509Certificate(material.server.certificate);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.checkIP("::1")).toBe("::1");
    expect(server.checkHost("example.com")).toBeUndefined();
    expect(server.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
  });

  it("is accepted by openssl verify with the CA as the only trust anchor", () => {
    writeFileSync(join(dir, "ca.pem"), material.ca.certificate);
    writeFileSync(join(dir, "server.pem"), material.server.certificate);
    const output = execFileSync(
      "openssl",
      [
        "verify",
        "-x509_strict",
        "-purpose",
        "sslserver",
        "-CAfile",
        join(dir, "ca.pem"),
        join(dir, "server.pem"),
      ],
      { encoding: "utf8" },
    );
    expect(output.trim()).toBe(`${join(dir, "server.pem")}: OK`);
  });

  it("is rejected by openssl verify against a different CA", () => {
    writeFileSync(join(dir, "other.pem"), createCertificateAuthority().certificate);
    writeFileSync(join(dir, "server.pem"), material.server.certificate);
    expect(() =>
      execFileSync("openssl", ["verify", "-CAfile", join(dir, "other.pem"), join(dir, "server.pem")], {
        stdio: "pipe",
      }),
    ).toThrow();
  });
});
