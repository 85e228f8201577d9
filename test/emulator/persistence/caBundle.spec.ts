// The CA files: the emulator's CA alone, and a bundle when NODE_EXTRA_CA_CERTS already names a file (a
// corporate CA), so exporting the printed path keeps both trusted.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeCaFiles } from "../../../src/emulator/persistence/caFiles.js";

let directory: string;
let caPath: string;
let bundlePath: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-ca-bundle-"));
  caPath = join(directory, "ca.pem");
  bundlePath = join(directory, "ca-bundle.pem");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const CA = "-----BEGIN CERTIFICATE-----\nemulator\n-----END CERTIFICATE-----\n";
const CORPORATE = "-----BEGIN CERTIFICATE-----\ncorporate\n-----END CERTIFICATE-----\n";

describe("writeCaFiles", () => {
  it.each([
    ["nothing is set", undefined],
    ["it names the CA file itself", "ca"],
    ["it names a file that cannot be read", "missing"],
  ])("writes the CA alone and trusts it when NODE_EXTRA_CA_CERTS %s", async (_case, existing) => {
    const existingPath = existing === "ca" ? caPath : existing && join(directory, existing);
    expect(await writeCaFiles(CA, caPath, bundlePath, existingPath)).toEqual({ caPath, trustPath: caPath });
    expect(readFileSync(caPath, "utf8")).toBe(CA);
    expect(existsSync(bundlePath)).toBe(false);
  });

  it("bundles a corporate CA with its own, and adds its own only once on a restart", async () => {
    const corporate = join(directory, "corporate.pem");
    writeFileSync(corporate, CORPORATE);
    expect(await writeCaFiles(CA, caPath, bundlePath, corporate)).toEqual({ caPath, trustPath: bundlePath });
    const bundle = `${CORPORATE.trim()}\n${CA}`;
    expect(readFileSync(bundlePath, "utf8")).toBe(bundle);

    // Restarted with the bundle exported.
    expect(await writeCaFiles(CA, caPath, bundlePath, bundlePath)).toEqual({ caPath, trustPath: bundlePath });
    expect(readFileSync(bundlePath, "utf8")).toBe(bundle);
  });

  it("finds its own CA in an exported bundle even without a newline after it", async () => {
    const exported = join(directory, "exported.pem");
    writeFileSync(exported, `${CORPORATE}${CA.trim()}`);
    await writeCaFiles(CA, caPath, bundlePath, exported);
    expect(readFileSync(bundlePath, "utf8")).toBe(`${CORPORATE.trim()}\n${CA}`);
  });

  it("writes a bundle of the CA alone when the exported file holds nothing else", async () => {
    const empty = join(directory, "empty.pem");
    writeFileSync(empty, "\n");
    await writeCaFiles(CA, caPath, bundlePath, empty);
    expect(readFileSync(bundlePath, "utf8")).toBe(CA);
  });
});
