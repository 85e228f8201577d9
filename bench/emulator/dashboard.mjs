// Dashboard benchmark (`npm run bench:dashboard`, not a test): the dashboard's transfer size (every file the
// page loads, gzipped as served, and uncompressed), and its time to first render in headless Chromium
// against a vault of 10,000 secrets: from navigation to the first page of secret rows (the list renders
// 50 rows a page, so this stays flat as the vault grows), median of RUNS. Chromium: CHROMIUM_PATH, or
// chromium / chromium-browser / google-chrome on PATH; without one only the sizes are printed.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const { startEmulator } = require("../../dist/cjs/emulator/index.js");

/* global fetch */
const SECRETS = 10_000;
const RUNS = 5;
const FILES = ["/", "/assets/app.js", "/assets/dashboard.css"];

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const emulator = await startEmulator({ dashboard: true });
try {
  const url = new URL(emulator.dashboardUrl);
  const token = url.hash.slice("#token=".length);
  const headers = { authorization: `Bearer ${token}` };

  let gzipped = 0;
  let plain = 0;
  for (const file of FILES) {
    const zipped = await fetch(`${url.origin}${file}`, { headers: { "accept-encoding": "gzip" } });
    gzipped += Number(zipped.headers.get("content-length"));
    await zipped.arrayBuffer();
    const raw = await fetch(`${url.origin}${file}`, { headers: { "accept-encoding": "identity" } });
    plain += Number(raw.headers.get("content-length"));
    await raw.arrayBuffer();
  }
  console.log(
    `dashboard transfer size: ${gzipped} B gzipped (${plain} B uncompressed), ${FILES.length} files`,
  );

  const seed = Object.fromEntries(
    Array.from({ length: SECRETS }, (_, i) => [`secret-${String(i).padStart(5, "0")}`, `value-${i}`]),
  );
  const started = performance.now();
  const imported = await fetch(`${url.origin}/api/vaults/emulator/import`, {
    method: "POST",
    headers,
    body: JSON.stringify(seed),
  }).then((response) => response.json());
  console.log(
    `seeded ${imported.secrets} secrets through the admin API in ${Math.round(performance.now() - started)} ms`,
  );

  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log("time to first render: skipped (no Chromium: set CHROMIUM_PATH)");
  } else {
    const browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(emulator.dashboardUrl);
      let rows = 0;
      const secretsPage = [];
      const vaultsPage = [];
      for (let run = 0; run < RUNS; run++) {
        for (const [hash, ready, times] of [
          ["#/secrets", "tr[data-name]", secretsPage],
          ["#/vaults", "text=emulator (default)", vaultsPage],
        ]) {
          await page.goto("about:blank");
          const begin = performance.now();
          await page.goto(`${url.origin}/${hash}`);
          await page.locator(ready).first().waitFor();
          times.push(performance.now() - begin);
          if (hash === "#/secrets") rows = await page.locator("tr[data-name]").count();
        }
      }
      console.log(
        `time to first render, ${SECRETS} secrets (median of ${RUNS}): secrets page ${Math.round(median(secretsPage))} ms ` +
          `(${rows} rows rendered), vaults page ${Math.round(median(vaultsPage))} ms`,
      );
    } finally {
      await browser.close();
    }
  }
} finally {
  await emulator.stop();
}
