#!/usr/bin/env node
// keyvault-secrets (also installed as keyvault-secrets-client, so `npx keyvault-secrets-client run -- …` works
// on a machine with nothing else installed): Key Vault references resolved into a command's environment, a
// template or a table. Exit codes: the command's own for `run`; 0 done, 1 a reference failed, 2 bad usage or
// a malformed reference (found before any request).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SDK_VERSION } from "../shared/constants.js";
import { checkCommand } from "./checkCommand.js";
import { HELP } from "./help.js";
import { injectCommand } from "./injectCommand.js";
import { readCommand } from "./readCommand.js";
import { runCommand } from "./runCommand.js";
import { CliError, report } from "./setup.js";

const TEMPLATE_OPTION = { "vault-url-template": { type: "string" } } as const;
const ENV_FILE_OPTION = { "env-file": { type: "string", multiple: true } } as const;
const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback * 1000;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0)
    throw new CliError([`--${flag} needs a positive number of seconds`], 2);
  return Math.round(value * 1000);
}

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(
      [`${command}: ${(error as Error).message} (see keyvault-secrets ${command} --help)`],
      2,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = "", ...rest] = argv;
  if (command === "" || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP[""]!);
    return command === "" ? 2 : 0;
  }
  if (command === "--version") {
    process.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  if (!(command in HELP)) {
    throw new CliError(
      [`unknown command "${command}" (run, inject, check or read; see keyvault-secrets --help)`],
      2,
    );
  }
  // `run`'s own options end at `--`; everything after it is the command, untouched.
  const separator = rest.indexOf("--");
  const own = command === "run" && separator >= 0 ? rest.slice(0, separator) : rest;
  if (own.includes("--help") || own.includes("-h")) {
    process.stdout.write(HELP[command]!);
    return 0;
  }
  switch (command) {
    case "run": {
      const { values, positionals } = parse("run", own, {
        ...ENV_FILE_OPTION,
        ...TEMPLATE_OPTION,
        ...HELP_OPTION,
        "no-masking": { type: "boolean" },
        watch: { type: "boolean" },
        interval: { type: "string" },
        "events-listen": { type: "string" },
        grace: { type: "string" },
        debounce: { type: "string" },
      });
      const watchOnly = ["interval", "events-listen", "grace", "debounce"].find((flag) => flag in values);
      if (watchOnly && !values.watch) throw new CliError([`run: --${watchOnly} needs --watch`], 2);
      return runCommand({
        envFiles: values["env-file"] ?? [],
        command: separator >= 0 ? [...positionals, ...rest.slice(separator + 1)] : positionals,
        masking: !values["no-masking"],
        watch: values.watch === true,
        intervalMs: seconds("interval", values.interval, 60),
        eventsListen: values["events-listen"],
        graceMs: seconds("grace", values.grace, 10),
        debounceMs: seconds("debounce", values.debounce, 1),
        vaultUrlTemplate: values["vault-url-template"],
      });
    }
    case "inject": {
      const { values, positionals } = parse("inject", own, {
        ...TEMPLATE_OPTION,
        ...HELP_OPTION,
        "in-file": { type: "string", short: "i" },
        "out-file": { type: "string", short: "o" },
        force: { type: "boolean" },
      });
      if (positionals.length > 0) throw new CliError([`inject: unexpected "${positionals[0]}"`], 2);
      return injectCommand({
        inFile: values["in-file"],
        outFile: values["out-file"],
        force: values.force === true,
        vaultUrlTemplate: values["vault-url-template"],
      });
    }
    case "check": {
      const { values, positionals } = parse("check", own, {
        ...ENV_FILE_OPTION,
        ...TEMPLATE_OPTION,
        ...HELP_OPTION,
      });
      if (positionals.length > 0) throw new CliError([`check: unexpected "${positionals[0]}"`], 2);
      return checkCommand({
        envFiles: values["env-file"] ?? [],
        vaultUrlTemplate: values["vault-url-template"],
      });
    }
    default: {
      const { values, positionals } = parse("read", own, {
        ...TEMPLATE_OPTION,
        ...HELP_OPTION,
        "no-newline": { type: "boolean", short: "n" },
      });
      if (positionals.length !== 1) throw new CliError(["read: needs exactly one reference"], 2);
      return readCommand({
        reference: positionals[0]!,
        newline: !values["no-newline"],
        vaultUrlTemplate: values["vault-url-template"],
      });
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      for (const line of error.lines) report(line);
      process.exitCode = error.exitCode;
      return;
    }
    // An unexpected failure: its class and message only (no stack with arguments, never a value).
    report(`unexpected ${(error as Error)?.name ?? "error"}: ${(error as Error)?.message ?? String(error)}`);
    process.exitCode = 1;
  },
);
