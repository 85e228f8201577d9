// The benchmark results as Markdown tables for the README "Performance" section (`node bench/client/run.mjs --markdown`).
import { CONTENDER_NAMES } from "./contenders.mjs";

const SHORT_LABELS = {
  ours: "keyvault-secrets-client",
  official: "@azure/keyvault-secrets",
  corePipeline: "bare createPipelineFromOptions",
  emptyPipeline: "bare createEmptyPipeline",
  rawHttp: "raw node:http",
};

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

function scenarioRows(scenarios, withRatios) {
  const rows = [];
  for (const [scenario, row] of Object.entries(scenarios)) {
    const isList = scenario === "list10k";
    for (const contender of CONTENDER_NAMES) {
      const f = row[contender];
      if (!f) continue;
      const cpu = isList ? `${fixed(f.cpuUsPerOp / 10_000, 1)} /item` : fixed(f.cpuUsPerOp, 0);
      const rate = isList ? `${fixed((10_000 / f.wallMs) * 1000, 0)} items/s` : fixed(f.opsPerSec, 0);
      const latency = isList
        ? `${fixed(f.wallMs, 0)} ms total`
        : `${fixed(f.p50Ms, 2)} / ${fixed(f.p99Ms, 2)}`;
      const cells = [
        isList ? "list 10,000" : scenario,
        SHORT_LABELS[contender],
        cpu,
        rate,
        latency,
        fixed(f.rssMb, 0),
      ];
      if (withRatios) {
        const r = contender === "ours" ? row.ratios : undefined;
        cells.push(
          r ? fixed(r.cpuVsOfficial, 2) : "",
          r ? fixed(r.cpuVsRawHttp, 2) : "",
          r ? fixed(r.opsVsOfficial, 2) : "",
        );
      }
      rows.push(`| ${cells.join(" | ")} |`);
    }
  }
  return rows;
}

/** README-ready Markdown for one results object (as written to bench/results/client.json). */
export function formatMarkdown(results) {
  const { figures, config } = results;
  const header =
    "| scenario | client | CPU µs/op | ops/s | p50 / p99 ms | RSS MB | CPU ÷ official | CPU ÷ raw http | ops/s ÷ official |";
  const lines = [
    "",
    `Client cost against the canned server (${config.canned.rounds} alternating rounds, medians; ratios are medians of per-round ratios):`,
    "",
    header,
    "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ...scenarioRows(figures.canned, true),
    "",
    `End to end against the emulator over HTTP (${config.emulator.rounds} alternating rounds; the listing once):`,
    "",
    header,
    "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ...scenarioRows(figures.emulator, true),
    "",
    "Listing 100,000 secrets item by item (RSS in MB, sampled every 10,000 items):",
    "",
  ];
  for (const [contender, run] of Object.entries(results.listMemory)) {
    lines.push(`- ${SHORT_LABELS[contender]}: ${run.samples.map((s) => s.rssMb.toFixed(0)).join(" → ")}`);
  }
  lines.push("", "| cold import (median ms) | require() | import() |", "|---|--:|--:|");
  for (const name of ["ours", "official", "corePipeline"]) {
    const cjs = results.coldImport[`${name}/cjs`];
    const esm = results.coldImport[`${name}/esm`];
    lines.push(`| ${SHORT_LABELS[name]} | ${fixed(cjs?.importMs, 0)} | ${fixed(esm?.importMs, 0)} |`);
  }
  lines.push(
    "",
    "| cold start: import + construct + first getSecret over HTTPS (median ms, whole process) | require() | import() |",
    "|---|--:|--:|",
  );
  for (const name of ["ours", "official"]) {
    const cjs = results.coldStart[`${name}/cjs`];
    const esm = results.coldStart[`${name}/esm`];
    lines.push(`| ${SHORT_LABELS[name]} | ${fixed(cjs?.processMs, 0)} | ${fixed(esm?.processMs, 0)} |`);
  }
  if (results.bundleSizes.rows) {
    lines.push("", "| browser bundle (esbuild) | minified KB | gzip KB | gzip B |", "|---|--:|--:|--:|");
    for (const row of results.bundleSizes.rows)
      lines.push(`| ${row.label} | ${row.minKb} | ${row.gzipKb} | ${row.gzipBytes} |`);
  }
  lines.push("", "Targets:", "");
  for (const t of results.targets)
    lines.push(
      `- ${t.met ? "met" : "**missed**"}: ${t.target} (measured ${t.unit === "B" ? t.measured : fixed(t.measured, 2)})`,
    );
  lines.push("");
  return lines.join("\n");
}
