// `inject`: renders `{{ <reference> }}` placeholders. A rendered file holds secrets, so it is created
// readable by its owner only (0600) and an existing file is replaced only with --force.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { ReferenceSyntaxError } from "./references/reference.js";
import { renderTemplate, templatePlaceholders } from "./references/template.js";
import { CliError, createResolver, failureLine, report, vaultUrlTemplate } from "./setup.js";

/** The options of `inject`. */
export interface InjectOptions {
  /** `-i`, the template. @default undefined (stdin) */
  inFile: string | undefined;
  /** `-o`, the output file (mode 0600). @default undefined (stdout) */
  outFile: string | undefined;
  /** `--force`: replace an existing output file. @default false */
  force: boolean;
  /** `--vault-url-template`. @default undefined (the variable, else Azure's public cloud) */
  vaultUrlTemplate: string | undefined;
}

/** Runs `inject`; resolves with the exit code. */
export async function injectCommand(options: InjectOptions): Promise<number> {
  const template = vaultUrlTemplate(options.vaultUrlTemplate, process.env);
  const source = options.inFile ?? "stdin";
  let text: string;
  try {
    text = readFileSync(options.inFile ?? 0, "utf8");
  } catch (error) {
    throw new CliError([`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? "error"}`], 2);
  }
  let placeholders;
  try {
    placeholders = templatePlaceholders(text, template);
  } catch (error) {
    if (!(error instanceof ReferenceSyntaxError)) throw error;
    throw new CliError([`${source}: ${error.message}`], 2);
  }
  const resolver = await createResolver();
  let values: string[];
  try {
    const outcomes = await resolver.resolve(placeholders.map(({ reference }) => reference));
    const failed = placeholders.filter((_, index) => outcomes[index]!.kind !== "found");
    for (const [index, { label, reference }] of placeholders.entries()) {
      if (outcomes[index]!.kind !== "found")
        report(failureLine(`${source} ${label}`, reference, outcomes[index]!));
    }
    if (failed.length > 0) return 1;
    values = outcomes.map((outcome) => (outcome.kind === "found" ? outcome.value : ""));
  } finally {
    resolver.close();
  }
  const rendered = renderTemplate(text, values);
  if (options.outFile === undefined) {
    process.stdout.write(rendered);
    return 0;
  }
  try {
    writeFileSync(options.outFile, rendered, { mode: 0o600, flag: options.force ? "w" : "wx" });
    // An overwritten file keeps its old mode through open(2); set it.
    chmodSync(options.outFile, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      [
        code === "EEXIST"
          ? `${options.outFile} exists; pass --force to overwrite it`
          : `cannot write ${options.outFile}: ${code ?? "error"}`,
      ],
      1,
    );
  }
  return 0;
}
