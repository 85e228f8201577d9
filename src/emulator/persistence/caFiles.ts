// The CA files a client process is pointed at. NODE_EXTRA_CA_CERTS takes one file, so when the machine
// already sets one (corporate proxies do), the emulator writes a bundle of that file plus its own CA and
// prints the bundle's path: exporting it keeps the corporate CA trusted, and `node --env-file` gets both.
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "./dataFile.js";

/** Where the CA files go and what the printed NODE_EXTRA_CA_CERTS is. */
export interface CaFiles {
  /** The emulator's CA alone. */
  caPath: string;
  /** What to print as NODE_EXTRA_CA_CERTS: the bundle when one was needed, else `caPath`. */
  trustPath: string;
}

/**
 * Writes the CA PEM to `caPath` and, when `existingBundle` (the current NODE_EXTRA_CA_CERTS) names a readable
 * file, a bundle of that file's certificates followed by the CA to `bundlePath`.
 */
export async function writeCaFiles(
  certificate: string,
  caPath: string,
  bundlePath: string,
  existingBundle: string | undefined,
): Promise<CaFiles> {
  await writeFileAtomic(caPath, certificate);
  if (!existingBundle || existingBundle === caPath) return { caPath, trustPath: caPath };
  let existing: string;
  try {
    existing = readFileSync(existingBundle, "utf8");
  } catch {
    return { caPath, trustPath: caPath }; // Node ignores an unreadable file too (with a warning of its own)
  }
  // A restart may find its own earlier bundle exported: keep its other certificates, add the CA once.
  const others = existing.split(certificate.trim()).join("").trim();
  await writeFileAtomic(bundlePath, `${others ? `${others}\n` : ""}${certificate.trim()}\n`);
  return { caPath, trustPath: bundlePath };
}
