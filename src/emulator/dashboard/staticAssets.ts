// The dashboard's files, prebuilt into a module (assets.generated.ts, from assets/dashboard/ by
// scripts/dashboardAssets.mjs) so the emulator serves them from memory in every build, with no file
// lookup at run time; each is gzipped once, on first request, for browsers that accept it.
import { gzipSync } from "node:zlib";
import { DASHBOARD_ASSETS } from "./assets.generated.js";

/** A file as served. */
export interface StaticAsset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

const cache = new Map<string, StaticAsset>();

/** The file served at `pathname` (`/` is index.html, `/assets/<name>` the others), if there is one. */
export function staticAsset(pathname: string): StaticAsset | undefined {
  const name = pathname === "/" ? "index.html" : /^\/assets\/([\w.-]+)$/.exec(pathname)?.[1];
  if (name === undefined || (name === "index.html" && pathname !== "/")) return undefined;
  const text = Object.prototype.hasOwnProperty.call(DASHBOARD_ASSETS, name)
    ? DASHBOARD_ASSETS[name]
    : undefined;
  if (text === undefined) return undefined;
  let asset = cache.get(name);
  if (!asset) {
    const body = Buffer.from(text, "utf8");
    asset = {
      type: TYPES[name.split(".").pop()!] ?? "application/octet-stream",
      body,
      gzipped: gzipSync(body, { level: 9 }),
    };
    cache.set(name, asset);
  }
  return asset;
}

/** Every file's name with its size and gzipped size (the transfer size docs/emulator.md quotes). */
export function assetSizes(): { name: string; bytes: number; gzipped: number }[] {
  return Object.keys(DASHBOARD_ASSETS).map((name) => {
    const asset = staticAsset(name === "index.html" ? "/" : `/assets/${name}`)!;
    return { name, bytes: asset.body.length, gzipped: asset.gzipped.length };
  });
}
