// `check`: resolves every reference and prints variable, reference, vault and outcome, never a value; exits
// 1 when any reference fails, so a CI step stops before a deployment that would not start.
import { vaultLabel } from "./references/reference.js";
import type { Outcome } from "./references/resolver.js";
import { createResolver, failureLine, readEnvironment, report, vaultUrlTemplate } from "./setup.js";

/** The options of `check`. */
export interface CheckOptions {
  /** `--env-file`, in order. @default [] */
  envFiles: readonly string[];
  /** `--vault-url-template`. @default undefined (the variable, else Azure's public cloud) */
  vaultUrlTemplate: string | undefined;
}

const OUTCOME_WORDS: Record<Outcome["kind"], string> = {
  found: "found",
  disabled: "disabled",
  expired: "expired",
  notYetValid: "not yet valid",
  notFound: "not found",
  forbidden: "forbidden",
  unauthenticated: "not signed in",
  failed: "failed",
};

/** Runs `check`; resolves with the exit code. */
export async function checkCommand(options: CheckOptions): Promise<number> {
  const template = vaultUrlTemplate(options.vaultUrlTemplate, process.env);
  const { references } = readEnvironment(options.envFiles, template);
  if (references.length === 0) {
    report("no Key Vault references found in the environment or the --env-file files");
    return 0;
  }
  references.sort((a, b) => a.variable.localeCompare(b.variable));
  const resolver = await createResolver();
  try {
    const outcomes = await resolver.resolve(references.map(({ reference }) => reference));
    const rows = references.map(({ variable, reference }, index) => {
      const outcome = outcomes[index]!;
      const word =
        outcome.kind === "found"
          ? `found (version ${outcome.version ?? "?"})`
          : `${OUTCOME_WORDS[outcome.kind]} (${outcome.detail})`;
      return [variable, reference.text, vaultLabel(reference.vaultUrl), word];
    });
    process.stdout.write(table([["VARIABLE", "REFERENCE", "VAULT", "OUTCOME"], ...rows]));
    const failures = references.filter((_, index) => outcomes[index]!.kind !== "found");
    for (const [index, { variable, reference }] of references.entries()) {
      if (outcomes[index]!.kind !== "found") report(failureLine(variable, reference, outcomes[index]!));
    }
    return failures.length > 0 ? 1 : 0;
  } finally {
    resolver.close();
  }
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  "),
    )
    .join("\n")
    .concat("\n");
}
