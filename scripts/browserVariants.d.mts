import type { Plugin as EsbuildPlugin } from "esbuild";
import type { Plugin as VitePlugin } from "vite";

/** The suffix that marks a file's browser twin: `name-browser.ts` replaces `name.ts` in browser builds. */
export declare const BROWSER_SUFFIX: string;
/** The browser twin of a source file path, if one exists. */
export declare function browserTwinOf(sourcePath: string): string | undefined;
/** Maps every `name-browser.js` over `name.js` in a compiled ESM tree; returns the replaced files. */
export declare function applyBrowserVariants(directory: string, relative?: string): string[];
/** esbuild plugin: bundle `name-browser.ts` wherever src/ imports `name.js`. */
export declare function esbuildBrowserVariants(): EsbuildPlugin;
/** The same mapping as a Vite plugin. */
export declare function viteBrowserVariants(): VitePlugin;
