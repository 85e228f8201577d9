// Turns the raw per-round measurements into medians, ratios and target verdicts, and formats the tables.
import { CONTENDER_LABELS, CONTENDER_NAMES } from "./contenders.mjs";

/** The median of a list of numbers (NaN when empty). */
export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const METRICS = ["cpuUsPerOp", "userUsPerOp", "opsPerSec", "p50Ms", "p99Ms", "rssMb", "wallMs", "ops"];

/**
 * Medians per target/scenario/contender, and for our client the ratios to the official client and to bare
 * core-rest-pipeline. Ratios are medians of the per-round ratios: contenders ran back to back within a round,
 * so pairing them round by round cancels most of the machine's background noise.
 */
export function summarize(samples) {
  const figures = {};
  for (const [target, scenarios] of Object.entries(samples)) {
    for (const [scenario, byContender] of Object.entries(scenarios)) {
      const row = {};
      for (const [contender, rounds] of Object.entries(byContender)) {
        row[contender] = Object.fromEntries(METRICS.map((m) => [m, median(rounds.map((r) => r[m]))]));
      }
      const pairedRatio = (metric, other) =>
        median(byContender.ours.map((r, i) => r[metric] / byContender[other][i]?.[metric]));
      row.ratios = {
        cpuVsOfficial: pairedRatio("cpuUsPerOp", "official"),
        cpuVsCorePipeline: pairedRatio("cpuUsPerOp", "corePipeline"),
        cpuVsEmptyPipeline: pairedRatio("cpuUsPerOp", "emptyPipeline"),
        cpuVsRawHttp: pairedRatio("cpuUsPerOp", "rawHttp"),
        opsVsOfficial: pairedRatio("opsPerSec", "official"),
        opsVsCorePipeline: pairedRatio("opsPerSec", "corePipeline"),
      };
      (figures[target] ??= {})[scenario] = row;
    }
  }
  return figures;
}

/** The targets (issue 15; the issue 7 ones after them), each with the measured ratio and whether it is met. */
export function evaluateTargets(figures, coldImport, coldStart, bundleSizes) {
  const canned = figures.canned;
  const c1 = canned["getSecret c1"].ratios;
  const targets = [
    {
      target: "getSecret client CPU, c1: ours ≤ 0.70 × @azure/keyvault-secrets",
      measured: c1.cpuVsOfficial,
      limit: 0.7,
      atMost: true,
    },
    {
      target: "getSecret client CPU, c1: ours ≤ 1.3 × raw node:http",
      measured: c1.cpuVsRawHttp,
      limit: 1.3,
      atMost: true,
    },
    {
      target: "getSecret client CPU, c1 (moonshot): ours ≤ 1.15 × raw node:http",
      measured: c1.cpuVsRawHttp,
      limit: 1.15,
      atMost: true,
    },
    {
      target: "getSecret ops/s, c32: ours ≥ 1.5 × @azure/keyvault-secrets",
      measured: canned["getSecret c32"].ratios.opsVsOfficial,
      limit: 1.5,
      atMost: false,
    },
  ];
  for (const format of ["cjs", "esm"]) {
    targets.push({
      target: `cold start (${format === "cjs" ? "require" : "import"} + construct + first getSecret over HTTPS, whole process): ours ≤ 0.85 × official`,
      measured: coldStart[`ours/${format}`].processMs / coldStart[`official/${format}`].processMs,
      limit: 0.85,
      atMost: true,
    });
  }
  const ourBundle = bundleSizes.rows?.[0];
  if (ourBundle) {
    for (const [limit, label] of [
      [14_000, ""],
      [12_000, " (moonshot)"],
    ]) {
      targets.push({
        target: `browser bundle${label}: ≤ ${limit} B gzip`,
        measured: ourBundle.gzipBytes,
        limit,
        atMost: true,
        unit: "B",
      });
    }
  }
  targets.push(
    {
      target: "(issue 7) getSecret client CPU, c1: ours ≤ 1.15 × bare createPipelineFromOptions",
      measured: c1.cpuVsCorePipeline,
      limit: 1.15,
      atMost: true,
    },
    {
      target: "(issue 7) setSecret ops/s, c32: ours ≥ 1.3 × @azure/keyvault-secrets",
      measured: canned["setSecret c32"].ratios.opsVsOfficial,
      limit: 1.3,
      atMost: false,
    },
  );
  for (const format of ["cjs", "esm"]) {
    targets.push({
      target: `(issue 7) cold ${format === "cjs" ? "require" : "import"}: ours ≤ 1.0 × @azure/keyvault-secrets`,
      measured: coldImport[`ours/${format}`].importMs / coldImport[`official/${format}`].importMs,
      limit: 1,
      atMost: true,
    });
  }
  return targets.map((t) => ({ ...t, met: t.atMost ? t.measured <= t.limit : t.measured >= t.limit }));
}

const signed = (value) => `${value >= 0 ? "+" : ""}${value.toFixed(1)}`;
const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const pad = (text, width) => String(text).padStart(width);

function scenarioTable(title, scenarios) {
  const lines = [title];
  lines.push(
    `${"scenario".padEnd(16)}${"contender".padEnd(38)}${pad("CPU µs/op", 10)}${pad("ops/s", 8)}${pad("p50 ms", 8)}` +
      `${pad("p99 ms", 8)}${pad("RSS MB", 8)}${pad("CPU÷off", 9)}${pad("CPU÷core", 9)}${pad("CPU÷raw", 9)}${pad("ops÷off", 9)}`,
  );
  for (const [scenario, row] of Object.entries(scenarios)) {
    const isList = scenario === "list10k";
    for (const contender of CONTENDER_NAMES) {
      const f = row[contender];
      if (!f) continue;
      const ratios = contender === "ours" ? row.ratios : undefined;
      // A list "op" is a whole 10,000-item listing: show CPU per item and items per second instead.
      const cpu = isList ? f.cpuUsPerOp / 10_000 : f.cpuUsPerOp;
      const rate = isList ? (10_000 / f.wallMs) * 1000 : f.opsPerSec;
      lines.push(
        `${(contender === CONTENDER_NAMES[0] ? (isList ? "list 10k /item" : scenario) : "").padEnd(16)}` +
          `${CONTENDER_LABELS[contender].padEnd(38)}${pad(fixed(cpu, isList ? 2 : 0), 10)}${pad(fixed(rate, 0), 8)}` +
          `${pad(isList ? "" : fixed(f.p50Ms, 2), 8)}${pad(isList ? "" : fixed(f.p99Ms, 2), 8)}${pad(fixed(f.rssMb, 0), 8)}` +
          `${pad(ratios ? fixed(ratios.cpuVsOfficial, 2) : "", 9)}${pad(ratios ? fixed(ratios.cpuVsCorePipeline, 2) : "", 9)}` +
          `${pad(ratios ? fixed(ratios.cpuVsRawHttp, 2) : "", 9)}` +
          `${pad(ratios ? fixed(ratios.opsVsOfficial, 2) : "", 9)}`,
      );
    }
  }
  return lines.join("\n");
}

function listMemoryTable(listMemory) {
  const lines = ["Listing 100,000 secrets item by item (canned server): RSS / heap MB every 10,000 items"];
  for (const [contender, run] of Object.entries(listMemory)) {
    const rss = run.samples.map((s) => s.rssMb.toFixed(0)).join(" ");
    const heap = run.samples.map((s) => s.heapMb.toFixed(0)).join(" ");
    // From the first 10,000 on (the first sample precedes any page), growth would mean items are being kept.
    const first = run.samples[1] ?? run.samples[0];
    const last = run.samples[run.samples.length - 1];
    lines.push(
      `  ${CONTENDER_LABELS[contender]}: ${run.items} items in ${(run.wallMs / 1000).toFixed(1)} s; ` +
        `RSS ${signed(last.rssMb - first.rssMb)} MB, heap ${signed(last.heapMb - first.heapMb)} MB ` +
        `from item ${first.items} to ${last.items}`,
    );
    lines.push(`    RSS  ${rss}`);
    lines.push(`    heap ${heap}`);
  }
  return lines.join("\n");
}

function coldImportTable(coldImport) {
  const lines = [
    "Cold import (fresh node process each run; median ms of the require()/import() itself, whole process)",
  ];
  for (const [key, f] of Object.entries(coldImport)) {
    lines.push(`  ${key.padEnd(20)}${pad(fixed(f.importMs, 1), 8)} ms${pad(fixed(f.processMs, 0), 8)} ms`);
  }
  return lines.join("\n");
}

function coldStartTable(coldStart) {
  const lines = [
    "Cold start (fresh node process: import + construct + first getSecret over HTTPS; median ms, whole process / in-process / child CPU)",
  ];
  for (const [key, f] of Object.entries(coldStart)) {
    lines.push(
      `  ${key.padEnd(20)}${pad(fixed(f.processMs, 0), 8)} ms${pad(fixed(f.inChildMs, 0), 8)} ms${pad(fixed(f.cpuMs, 0), 8)} ms`,
    );
  }
  return lines.join("\n");
}

function sizesTable(bundleSizes) {
  if (bundleSizes.error) return `Browser bundle sizes: unavailable (${bundleSizes.error})`;
  const lines = [
    "Browser bundle (esbuild, from bench/size/size.mjs)                 min KB  gzip KB   gzip B",
  ];
  for (const row of bundleSizes.rows)
    lines.push(`  ${row.label.padEnd(58)}${pad(row.minKb, 8)}${pad(row.gzipKb, 9)}${pad(row.gzipBytes, 9)}`);
  return lines.join("\n");
}

/** The whole printed report. */
export function formatReport(results) {
  const { config, figures } = results;
  const targets = results.targets.map(
    (t) =>
      `  ${t.met ? "MET   " : "MISSED"} ${t.target}: ${t.unit === "B" ? t.measured : fixed(t.measured, 2)}`,
  );
  return [
    "",
    scenarioTable(
      `Client cost: canned server (${config.canned.rounds} alternating rounds, medians; ratios are medians of per-round ratios)`,
      figures.canned,
    ),
    "",
    scenarioTable(
      `End to end: emulator over HTTP (${config.emulator.rounds} alternating rounds, list in round 1; medians)`,
      figures.emulator,
    ),
    "",
    listMemoryTable(results.listMemory),
    "",
    coldImportTable(results.coldImport),
    "",
    coldStartTable(results.coldStart),
    "",
    sizesTable(results.bundleSizes),
    "",
    "Targets (issue 15, then issue 7):",
    ...targets,
    "",
    `Node ${results.machine.node}, ${results.machine.cpus} CPUs; run took ${results.durationS.toFixed(0)} s; ` +
      `load average (1/5/15 min) ${results.machine.loadAtStart.map((l) => l.toFixed(2)).join(" ")} at the start, ` +
      `${results.machine.loadAtEnd.map((l) => l.toFixed(2)).join(" ")} at the end.`,
    "",
  ].join("\n");
}
