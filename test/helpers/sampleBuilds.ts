// Builds the browser sample (samples/browser) in memory with esbuild and with Vite, capturing every
// warning, and turns the output into files the test server can serve.
import { fileURLToPath } from "node:url";
import type { Metafile } from "esbuild";
import { build as viteBuild, createLogger, type Logger } from "vite";
import { buildSampleWithEsbuild } from "../../samples/browser/build.mjs";
import { contentTypeOf, type ServedFile } from "./browser";

/** A build kept in memory: the files by URL path (`/` is index.html) and every warning the bundler gave. */
export interface SampleBuild {
  files: Record<string, ServedFile>;
  warnings: string[];
}

/** The esbuild build: warnings as text, plus the metafile that says which inputs went in. */
export interface EsbuildSampleBuildResult extends SampleBuild {
  metafile: Metafile;
}

const sampleViteConfig = fileURLToPath(new URL("../../samples/browser/vite.config.mts", import.meta.url));

/** Runs samples/browser/build.mjs without writing. */
export async function buildSampleInMemoryWithEsbuild(): Promise<EsbuildSampleBuildResult> {
  const { html, script, warnings, metafile } = await buildSampleWithEsbuild({ write: false });
  if (script === undefined) throw new Error("esbuild produced no main.js");
  return {
    files: {
      "/": { type: "text/html", body: html },
      "/index.html": { type: "text/html", body: html },
      "/main.js": { type: "text/javascript", body: script },
    },
    warnings: warnings.map((warning) => warning.text),
    metafile,
  };
}

/** A Vite logger that records warnings and errors instead of printing them. */
function recordingLogger(warnings: string[]): Logger {
  const logger = createLogger("warn", { allowClearScreen: false });
  return {
    ...logger,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    warnOnce: (message) => void warnings.push(message),
    error: (message) => void warnings.push(`error: ${message}`),
  };
}

/**
 * Runs `vite build` in memory: with samples/browser/vite.config.mts by default (or `configFile`), or on
 * another root without any config file (the tests' control fixture).
 */
export async function buildInMemoryWithVite(
  root?: string,
  configFile: string = sampleViteConfig,
): Promise<SampleBuild> {
  const warnings: string[] = [];
  // Vite derives "production" from NODE_ENV, which vitest sets to "test"; a test build would stub Node
  // built-ins silently instead of warning, so build exactly as `vite build` from a shell does.
  const testNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  let result: Awaited<ReturnType<typeof viteBuild>>;
  try {
    result = await viteBuild({
      ...(root ? { root, configFile: false } : { configFile }),
      mode: "production",
      customLogger: recordingLogger(warnings),
      logLevel: "warn",
      build: { write: false, emptyOutDir: false },
    });
  } finally {
    if (testNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = testNodeEnv;
  }
  const outputs = Array.isArray(result) ? result : [result];
  const files: Record<string, ServedFile> = {};
  for (const output of outputs) {
    if (!("output" in output)) throw new Error("vite build unexpectedly started a watcher");
    for (const item of output.output) {
      const body = item.type === "chunk" ? item.code : item.source;
      files[`/${item.fileName}`] = { type: contentTypeOf(item.fileName), body };
    }
  }
  if (files["/index.html"]) files["/"] = files["/index.html"];
  return { files, warnings };
}
