// Browser bundle sizes for the benchmark table, taken from bench/size/size.mjs (the browser work's script): it is
// run as a child process and its table rows ("<label>  <raw KB>  <min KB>  <gzip KB>  <gzip B>") are parsed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const sizeScript = fileURLToPath(new URL("./size.mjs", import.meta.url));

/** `{ rows: [{ label, rawKb, minKb, gzipKb, gzipBytes }] }`, or `{ error }` when the script is missing or fails. */
export function readBundleSizes() {
  if (!existsSync(sizeScript)) return { error: "bench/size/size.mjs does not exist" };
  const child = spawnSync(process.execPath, [sizeScript], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (child.status !== 0)
    return { error: `bench/size/size.mjs failed: ${(child.stderr || String(child.error)).trim()}` };
  const rows = [];
  for (const line of child.stdout.split("\n")) {
    if (line.trim() === "" && rows.length > 0) break;
    const match = /^(.+?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\s*$/.exec(line);
    if (match)
      rows.push({
        label: match[1].trim(),
        rawKb: Number(match[2]),
        minKb: Number(match[3]),
        gzipKb: Number(match[4]),
        gzipBytes: Number(match[5]),
      });
  }
  return rows.length > 0 ? { rows } : { error: "bench/size/size.mjs printed no size rows" };
}
