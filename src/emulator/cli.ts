#!/usr/bin/env node
// keyvault-emulator: starts the emulator, prints the variables a client process needs on stdout (only
// NAME=value lines, so `. ./emulator.env` and `node --env-file` read the output as is), a short banner on
// stderr, and runs until SIGINT/SIGTERM. Exit codes: 0 after a clean stop, 2 for bad flags or an unusable
// (or locked) data/faults/seed file, 1 for any other start failure.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parseFaultRules, type FaultRule } from "./transport/faults.js";
import type { EmulatorOptions } from "./transport/options.js";
import { DataFileError, writeFileAtomic } from "./transport/persistence.js";
import { DataFileLockedError } from "./persistence/dataFileLock.js";
import { startEmulator } from "./transport/server.js";

const USAGE = `usage: keyvault-emulator [--port 8443] [--host 127.0.0.1] [--http] [--data FILE]
                         [--recoverable-days 90] [--purge-protection]
                         [--delete-delay-ms N] [--recover-delay-ms N] [--purge-delay-ms N]
                         [--realistic] [--throttle | --no-throttle]
                         [--cors ORIGIN] [--faults FILE] [--seed FILE] [--env-file FILE]
                         [--identity-port N] [--identity-header VALUE] [--verbose] [--version]

  --port N               vault port (0 picks a free one)              default 8443
  --host ADDR            address to listen on                         default 127.0.0.1
  --http                 plain HTTP instead of HTTPS
  --data FILE            keep the vaults, keys, CA and identity endpoint in FILE across
                         restarts (every write is on disk before it is answered)
  --recoverable-days N   soft-delete retention, 7-90                  default 90
  --purge-protection     forbid purges (recoveryLevel "Recoverable")
  --delete-delay-ms N    delete propagation window                    default 0
  --recover-delay-ms N   recover propagation window                   default 0
  --purge-delay-ms N     purge propagation window                     default 0
  --realistic            the service's limits: delete/recover windows 10 s, purge 20 s, and
                         throttling (each can still be set alone with the flags around it)
  --throttle             429 Throttled past 4,000 requests or 300 creates per 10 s per vault
  --no-throttle          no throttling, even with --realistic
  --cors ORIGIN          allow browser requests from ORIGIN (repeatable; "*" for any)
  --faults FILE          JSON file of fault rules
  --seed FILE            secrets to load at start: JSON {"name": "value"} or .env lines
  --env-file FILE        also write the variables to FILE (dotenv format)
  --identity-port N      identity endpoint port       default: kept in --data, else free
  --identity-header V    identity endpoint secret     default: kept in --data, else random
  --verbose              log one line per request to stderr (no values, no tokens)
  --version              print the version and exit
`;

class UsageError extends Error {}

function parseOptions(argv: string[]): EmulatorOptions & { envFile?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        http: { type: "boolean" },
        data: { type: "string" },
        "recoverable-days": { type: "string" },
        "purge-protection": { type: "boolean" },
        "delete-delay-ms": { type: "string" },
        "recover-delay-ms": { type: "string" },
        "purge-delay-ms": { type: "string" },
        realistic: { type: "boolean" },
        throttle: { type: "boolean" },
        "no-throttle": { type: "boolean" },
        cors: { type: "string", multiple: true },
        faults: { type: "string" },
        seed: { type: "string" },
        "env-file": { type: "string" },
        "identity-port": { type: "string" },
        "identity-header": { type: "string" },
        verbose: { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    process.exit(0);
  }
  const integer = (flag: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max) throw new UsageError(`--${flag} needs a whole number ≤ ${max}`);
    return value;
  };
  let faults: FaultRule[] | undefined;
  if (values.faults !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.faults, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read --faults ${values.faults}: ${(error as NodeJS.ErrnoException).code}`);
    }
    try {
      faults = parseFaultRules(text);
    } catch (error) {
      throw new UsageError(`--faults ${values.faults}: ${(error as Error).message}`);
    }
  }
  return {
    port: integer("port", values.port, 65535) ?? 8443,
    host: values.host ?? "127.0.0.1",
    http: values.http ?? false,
    dataFile: values.data,
    recoverableDays: integer("recoverable-days", values["recoverable-days"]),
    purgeProtection: values["purge-protection"],
    deleteDelayMs: integer("delete-delay-ms", values["delete-delay-ms"]),
    recoverDelayMs: integer("recover-delay-ms", values["recover-delay-ms"]),
    purgeDelayMs: integer("purge-delay-ms", values["purge-delay-ms"]),
    realistic: values.realistic,
    throttle: values["no-throttle"] ? false : values.throttle,
    cors: values.cors,
    faults,
    seed: values.seed,
    identityPort: integer("identity-port", values["identity-port"], 65535),
    identityHeader: values["identity-header"],
    envFile: values["env-file"],
    verbose: values.verbose ?? false,
  };
}

/** The version of the package this CLI belongs to (its package.json is an ancestor of this file). */
function packageVersion(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const candidate = join(directory, "package.json");
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "keyvault-secrets-client" && manifest.version) return manifest.version;
    }
    if (dirname(directory) === directory) return "unknown";
  }
}

/** One dotenv line; values with characters a shell would split or expand are single-quoted. */
function envLine(name: string, value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? `${name}=${value}` : `${name}='${value.replace(/'/g, "'\\''")}'`;
}

function banner(vaultUrl: string, secure: boolean, dataFile: string | undefined): string {
  return `
keyvault-emulator: a local Azure Key Vault (secrets) emulator at ${vaultUrl}
It holds no real secrets and has no real security: never put production values in it.

Use it from Node by exporting the variables printed on stdout, then:
  const { DefaultAzureCredential } = require("@azure/identity");
  const { SecretClient } = require("keyvault-secrets-client");
  const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential());
(@azure/keyvault-secrets works too, with { disableChallengeResourceVerification: true }.)
${secure ? "NODE_EXTRA_CA_CERTS makes Node trust the emulator's CA; it must be set when node starts.\n" : 'Plain HTTP: our client also needs { allowInsecureConnection: true }; the official @azure/keyvault-secrets refuses http: vaults with @azure/keyvault-common 2.1.1 ("The request URL must use HTTPS"), so give it HTTPS.\n'}${dataFile ? `State is kept in ${dataFile}.\n` : "State is in memory only (use --data FILE to keep it).\n"}Stop with Ctrl+C.
`;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  let envFile: string | undefined;
  try {
    ({ envFile, ...options } = parseOptions(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`keyvault-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    process.stderr.write(`keyvault-emulator: ${(error as Error).message}\n`);
    const unusableInput =
      error instanceof DataFileError ||
      error instanceof DataFileLockedError ||
      error instanceof RangeError ||
      error instanceof TypeError;
    process.exit(unusableInput ? 2 : 1);
  }
  const envText = Object.entries(emulator.env)
    .map(([name, value]) => `${envLine(name, value)}\n`)
    .join("");
  if (envFile) {
    try {
      await writeFileAtomic(envFile, envText);
    } catch (error) {
      process.stderr.write(
        `keyvault-emulator: cannot write --env-file ${envFile}: ${(error as Error).message}\n`,
      );
      await emulator.stop();
      process.exit(2);
    }
  }
  // A reader that went away (`| head -1`) must not crash the emulator: stdout is only informational.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") process.stderr.write(`keyvault-emulator: stdout: ${error.message}\n`);
  });
  process.stdout.write(envText);
  process.stderr.write(banner(emulator.vaultUrl, !options.http, options.dataFile));
  if (!["127.0.0.1", "localhost", "::1"].includes(options.host ?? "127.0.0.1")) {
    process.stderr.write(
      `keyvault-emulator: listening on ${options.host}, so other machines can reach it; it has no real security.\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (options.verbose) process.stderr.write(`keyvault-emulator: ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`keyvault-emulator: stop failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
