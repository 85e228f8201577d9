// Types of build.mjs, for the tests that import it.
import type { Message, Metafile } from "esbuild";

/** The directory holding index.html and main.ts. */
export declare const sampleDirectory: string;

/** The outcome of {@link buildSampleWithEsbuild}. */
export interface EsbuildSampleBuild {
  /** The output directory (written only when `write` is true). */
  outdir: string;
  /** index.html, loading main.js. */
  html: string;
  /** The bundled main.js when `write` is false. */
  script: string | undefined;
  /** esbuild's warnings (none expected). */
  warnings: Message[];
  /** Which inputs went into the bundle. */
  metafile: Metafile;
}

/** Bundles main.ts (ESM, minified, browser platform) and rewrites index.html to load it. */
export declare function buildSampleWithEsbuild(options?: {
  /** @default "temp/browser-sample/esbuild" */
  outdir?: string;
  /** @default true */
  write?: boolean;
}): Promise<EsbuildSampleBuild>;
