// Bundles a source entry (TypeScript under src/) into one CommonJS file a child `node` can load, with the
// dependencies left external (they resolve from the repository's node_modules). The CLI tests (when dist is
// stale) and the cross-SDK tests (our client, the emulator/localhost preload) run source this way, so they
// always test the current source and never rebuild dist while other work may be using it.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";

const repositoryRoot = join(__dirname, "..", "..");
const outDir = join(repositoryRoot, "node_modules", ".cache", "kv-source-bundles");
const built = new Map<string, string>();

/** The path of a CommonJS bundle of `entry` (relative to the repository root), built once per process. */
export function bundleSource(entry: string): string {
  const cached = built.get(entry);
  if (cached) return cached;
  mkdirSync(outDir, { recursive: true });
  const name = entry.replace(/[^a-z0-9]+/gi, "-");
  const outfile = join(outDir, `${name}-${process.pid}.cjs`);
  buildSync({
    entryPoints: [join(repositoryRoot, entry)],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "error",
  });
  process.once("exit", () => rmSync(outfile, { force: true }));
  built.set(entry, outfile);
  return outfile;
}
