// `read`: one value on stdout, for scripts (`PASSWORD=$(keyvault-secrets read …)`). A value printed on a
// terminal is on screen and in scrollback, so that case gets a warning on stderr.
import { ReferenceSyntaxError, parseReference } from "./references/reference.js";
import { CliError, createResolver, failureLine, report, vaultUrlTemplate } from "./setup.js";

/** The options of `read`. */
export interface ReadOptions {
  /** The reference, any syntax. */
  reference: string;
  /** Print a newline after the value (`-n` turns it off). @default true */
  newline: boolean;
  /** `--vault-url-template`. @default undefined (the variable, else Azure's public cloud) */
  vaultUrlTemplate: string | undefined;
}

/** Runs `read`; resolves with the exit code. */
export async function readCommand(options: ReadOptions): Promise<number> {
  const template = vaultUrlTemplate(options.vaultUrlTemplate, process.env);
  let reference;
  try {
    reference = parseReference(options.reference, template);
  } catch (error) {
    if (!(error instanceof ReferenceSyntaxError)) throw error;
    throw new CliError([`read: malformed Key Vault reference: ${error.message}`], 2);
  }
  if (reference === undefined) {
    throw new CliError(
      ["read: not a Key Vault reference (a secret URL, @Microsoft.KeyVault(…) or akvs://…)"],
      2,
    );
  }
  const resolver = await createResolver();
  try {
    const [outcome] = await resolver.resolve([reference]);
    if (outcome!.kind !== "found") {
      report(failureLine("read", reference, outcome!));
      return 1;
    }
    if (process.stdout.isTTY) report("warning: printing a secret value to a terminal");
    process.stdout.write(options.newline ? `${outcome!.value}\n` : outcome!.value);
    return 0;
  } finally {
    resolver.close();
  }
}
