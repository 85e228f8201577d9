// Browser bundle size of `import { SecretClient } from "keyvault-secrets-client"`, next to the official
// @azure/keyvault-secrets and bare @azure/core-rest-pipeline: esbuild (browser platform, ESM, ES2022),
// raw and minified, then gzip -9. Run with `npm run bench:size` (builds dist/ first); add `-- --markdown`
// for a table to paste into the README.
//
// Our package is resolved by name through a temporary node_modules link, so esbuild goes through the
// package.json "exports" map with the "browser" condition, as an app's bundler would.
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";

// Issue 15: at most 14,000 B gzip; moonshot 12,000 B.
const TARGET_GZIP_BYTES = 14_000;
const MOONSHOT_GZIP_BYTES = 12_000;
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

const subjects = [
  {
    label: "keyvault-secrets-client",
    source: `export { SecretClient } from "keyvault-secrets-client";`,
  },
  {
    label: "@azure/keyvault-secrets 4.12.0",
    source: `export { SecretClient } from "@azure/keyvault-secrets";`,
  },
  {
    label: "bare createPipelineFromOptions + default HttpClient",
    source: [
      `import { createPipelineFromOptions, createDefaultHttpClient } from "@azure/core-rest-pipeline";`,
      `export const pipeline = createPipelineFromOptions({});`,
      `export const httpClient = createDefaultHttpClient();`,
    ].join("\n"),
  },
  {
    // The floor for a client on core: only the policies a browser SecretClient needs, no multipart,
    // form-data, proxy, TLS or default-retry code that createPipelineFromOptions drags in.
    label: "bare createEmptyPipeline + 4 policies + default HttpClient",
    source: [
      `import { createEmptyPipeline, createDefaultHttpClient, userAgentPolicy, setClientRequestIdPolicy,`,
      `  tracingPolicy, logPolicy } from "@azure/core-rest-pipeline";`,
      `const pipeline = createEmptyPipeline();`,
      `pipeline.addPolicy(userAgentPolicy());`,
      `pipeline.addPolicy(setClientRequestIdPolicy());`,
      `pipeline.addPolicy(tracingPolicy(), { afterPhase: "Retry" });`,
      `pipeline.addPolicy(logPolicy(), { afterPhase: "Sign" });`,
      `export { pipeline };`,
      `export const httpClient = createDefaultHttpClient();`,
    ].join("\n"),
  },
];

/** A directory whose node_modules holds a link to this repository, so the package resolves by name. */
function createResolutionRoot() {
  const root = mkdtempSync(join(tmpdir(), "kvsc-size-"));
  mkdirSync(join(root, "node_modules"));
  symlinkSync(repositoryRoot, join(root, "node_modules", "keyvault-secrets-client"), "dir");
  return root;
}

async function bundle(source, resolveRoot, minify) {
  const result = await build({
    stdin: { contents: source, resolveDir: resolveRoot, loader: "js" },
    nodePaths: [join(repositoryRoot, "node_modules")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify,
    metafile: true,
    write: false,
    logLevel: "error",
    // Measure what an app ships: no legal-comment banners kept at the end of the file.
    legalComments: "none",
  });
  return { bytes: result.outputFiles[0].contents, metafile: result.metafile };
}

/**
 * The metafile of the same minified bundle built from src/ with the same browser mapping: dist/browser is
 * one pre-bundled file, so only a build from the sources attributes our bytes to our modules.
 */
async function sourceAttribution(source) {
  const result = await build({
    stdin: {
      contents: source.replace(
        `"keyvault-secrets-client"`,
        JSON.stringify(join(repositoryRoot, "src/index.ts")),
      ),
      resolveDir: repositoryRoot,
      loader: "js",
    },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "error",
    legalComments: "none",
    plugins: [esbuildBrowserVariants()],
  });
  return result.metafile;
}

/** The bundle's output bytes by package (or by source folder for this repository's own files). */
function contributors(metafile) {
  const output = Object.values(metafile.outputs)[0];
  const totals = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const real = path.replace(/^.*?node_modules\/keyvault-secrets-client\//, "");
    const modules = real.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/[^/]+\/)?(.*)$/);
    const key = modules ? `${modules[1]}: ${modules[2]}` : real;
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function byPackage(entries) {
  const totals = new Map();
  for (const [key, bytes] of entries) {
    const name = key.includes(": ") ? key.split(": ")[0] : "keyvault-secrets-client (dist/browser)";
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

/** Prints the size table, aligned for a terminal or (with --markdown) as a Markdown table for the README. */
function printTable(rows, markdown) {
  const header = ["bundle (browser, esbuild)", "raw KB", "min KB", "gzip KB", "gzip B"];
  const cells = rows.map((row) => [row.label, kb(row.raw), kb(row.minified), kb(row.gzip), String(row.gzip)]);
  if (markdown) {
    for (const line of [header, ["---", "---:", "---:", "---:", "---:"], ...cells])
      console.log(`| ${line.join(" | ")} |`);
    return;
  }
  const width = Math.max(header[0].length, ...rows.map((row) => row.label.length));
  for (const [label, ...numbers] of [header, ...cells]) {
    console.log([label.padEnd(width), ...numbers.map((number) => number.padStart(8))].join("  "));
  }
}

async function main() {
  if (!existsSync(join(repositoryRoot, "dist", "browser", "index.js"))) {
    throw new Error("dist/browser is missing: run `npm run bench:size` (it builds first).");
  }
  const resolveRoot = createResolutionRoot();
  try {
    const rows = [];
    for (const subject of subjects) {
      const raw = await bundle(subject.source, resolveRoot, false);
      const minified = await bundle(subject.source, resolveRoot, true);
      const gzip = gzipSync(minified.bytes, { level: 9 }).length;
      rows.push({
        ...subject,
        raw: raw.bytes.length,
        minified: minified.bytes.length,
        gzip,
        metafile: minified.metafile,
      });
    }

    printTable(rows, process.argv.includes("--markdown"));
    const [ours, official] = rows;
    console.log(`\nours / official (gzip): ${(ours.gzip / official.gzip).toFixed(2)}`);
    for (const [label, limit] of [
      ["target", TARGET_GZIP_BYTES],
      ["moonshot", MOONSHOT_GZIP_BYTES],
    ]) {
      const verdict = ours.gzip <= limit ? "met" : `missed by ${ours.gzip - limit} B`;
      console.log(`${label}: ≤ ${limit} B gzip — ${ours.gzip} B, ${verdict}`);
    }

    const ourContributors = contributors(ours.metafile);
    console.log("\nours, minified bytes by package:");
    for (const [name, bytes] of byPackage(ourContributors))
      console.log(`  ${kb(bytes).padStart(6)} KB  ${name}`);
    console.log("\nours, largest modules (minified bytes, the same bundle built from src/):");
    for (const [name, bytes] of contributors(await sourceAttribution(ours.source)).slice(0, 15))
      console.log(`  ${String(bytes).padStart(6)}  ${name}`);
  } finally {
    rmSync(resolveRoot, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
