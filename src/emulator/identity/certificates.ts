// Per-run TLS material: a self-signed CA and a server certificate it signs, both EC P-256 with
// ecdsa-with-SHA256, built with node:crypto and our DER encoder (no dependency, no openssl binary).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { isIP } from "node:net";
import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from "./der.js";
import { DEFAULT_CERTIFICATE_NAMES } from "./serverNames.js";

/** A certificate with its private key, both PEM encoded. */
export interface CertificateAndKey {
  /** The certificate, PEM (`-----BEGIN CERTIFICATE-----`). */
  certificate: string;
  /** The PKCS#8 private key, PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: string;
}

/** The TLS material an HTTPS emulator serves with. */
export interface TlsMaterial {
  /** The CA clients must trust. */
  ca: CertificateAndKey;
  /** The server certificate (signed by `ca`) and its key. */
  server: CertificateAndKey;
}

const OID = {
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
} as const;

const DAY_MS = 86_400_000;

/** Creates a CA valid for ten years (one hour back-dated against clock skew). */
export function createCertificateAuthority(now: Date = new Date()): CertificateAndKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = distinguishedName(`keyvault-emulator local CA ${randomBytes(4).toString("hex")}`);
  const keyId = subjectKeyId(spki);
  const extensions = [
    extension(OID.basicConstraints, true, derSequence(derBoolean(true), derInteger(0))),
    // digitalSignature (bit 0), keyCertSign (bit 5), cRLSign (bit 6): 1000 0110, one unused bit
    extension(OID.keyUsage, true, derBitString(Buffer.from([0x86]), 1)),
    extension(OID.subjectKeyIdentifier, false, derOctetString(keyId)),
  ];
  const certificate = signCertificate({
    issuer: name,
    subject: name,
    spki,
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    extensions,
    signingKey: privateKey,
  });
  return { certificate, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/**
 * Creates a server certificate for `names` (DNS names, `*.` wildcards, IP addresses), signed by `ca`, valid
 * for 397 days (the longest validity TLS clients accept).
 */
export function createServerCertificate(
  ca: CertificateAndKey,
  names: readonly string[] = DEFAULT_CERTIFICATE_NAMES,
  now: Date = new Date(),
): CertificateAndKey {
  const caKey = createPrivateKey(ca.privateKey);
  const caSpki = createPublicKey(caKey).export({ type: "spki", format: "der" });
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const altNames = names.map((host) =>
    isIP(host) ? derImplicit(7, ipBytes(host)) : derImplicit(2, Buffer.from(host, "ascii")),
  );
  const extensions = [
    extension(OID.basicConstraints, true, derSequence()),
    // digitalSignature (bit 0): 1000 0000, seven unused bits
    extension(OID.keyUsage, true, derBitString(Buffer.from([0x80]), 7)),
    extension(OID.extKeyUsage, false, derSequence(derOid(OID.serverAuth))),
    extension(OID.subjectAltName, false, derSequence(...altNames)),
    extension(OID.subjectKeyIdentifier, false, derOctetString(subjectKeyId(spki))),
    extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, subjectKeyId(caSpki)))),
  ];
  const certificate = signCertificate({
    issuer: issuerNameOf(ca.certificate),
    subject: distinguishedName("localhost"),
    spki,
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + 397 * DAY_MS),
    extensions,
    signingKey: caKey,
  });
  return { certificate, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/** Creates a CA (unless one is given, e.g. loaded from a data file) and a fresh server certificate. */
export function createTlsMaterial(
  ca: CertificateAndKey = createCertificateAuthority(),
  names: readonly string[] = DEFAULT_CERTIFICATE_NAMES,
): TlsMaterial {
  return { ca, server: createServerCertificate(ca, names) };
}

interface CertificateFields {
  issuer: Buffer;
  subject: Buffer;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
  signingKey: KeyObject;
}

function signCertificate(fields: CertificateFields): string {
  const algorithm = derSequence(derOid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serial),
    algorithm,
    fields.issuer,
    derSequence(derTime(fields.notBefore), derTime(fields.notAfter)),
    fields.subject,
    fields.spki,
    derExplicit(3, derSequence(...fields.extensions)),
  );
  // node:crypto signs EC keys as a DER ECDSA-Sig-Value, which is exactly X.509's signatureValue content.
  const signature = sign("sha256", tbs, fields.signingKey);
  const der = derSequence(tbs, algorithm, derBitString(signature));
  return toPem(der);
}

function distinguishedName(commonName: string): Buffer {
  return derSequence(
    derSet(derSequence(derOid(OID.organization), derUtf8String("keyvault-secrets-client emulator"))),
    derSet(derSequence(derOid(OID.commonName), derUtf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function subjectKeyId(spki: Buffer): Buffer {
  // An uncompressed P-256 point is the last 65 bytes of its SubjectPublicKeyInfo.
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
}

/** The subject Name of a PEM certificate as raw DER, to use as the issuer of certificates it signs. */
function issuerNameOf(certificatePem: string): Buffer {
  const der = fromPem(certificatePem);
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial, sigAlg, issuer, validity, subject, ...
  const tbs = childrenOf(der, 0)[0]!;
  const fields = childrenOf(der, tbs.start);
  return der.subarray(fields[5]!.start, fields[5]!.end);
}

interface TlvSpan {
  start: number;
  end: number;
}

/** Spans of the direct children of the constructed TLV starting at `offset`. */
function childrenOf(der: Buffer, offset: number): TlvSpan[] {
  const outer = readHeader(der, offset);
  const children: TlvSpan[] = [];
  for (let at = outer.contentStart; at < outer.end;) {
    const child = readHeader(der, at);
    children.push({ start: at, end: child.end });
    at = child.end;
  }
  return children;
}

function readHeader(der: Buffer, offset: number): { contentStart: number; end: number } {
  const first = der[offset + 1]!;
  if (first < 0x80) return { contentStart: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
  return { contentStart: offset + 2 + count, end: offset + 2 + count + length };
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  // IPv6: expand "::" and write eight 16-bit groups.
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = [
    ...headGroups,
    ...Array(8 - headGroups.length - tailGroups.length).fill("0"),
    ...tailGroups,
  ];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

function fromPem(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}
