#!/usr/bin/env node
// keyvault-emulator: starts the emulator, prints the variables a client process needs (NAME=value, one
// per line) and a short banner, and runs until SIGINT/SIGTERM. Exit codes: 0 after a clean stop,
// 2 for bad flags or an unusable data/faults file, 1 for any other start failure.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseFaultRules, type FaultRule } from "./transport/faults.js";
import type { EmulatorOptions } from "./transport/options.js";
import { DataFileError } from "./transport/persistence.js";
import { startEmulator } from "./transport/server.js";

const USAGE = `usage: keyvault-emulator [--port 8443] [--host 127.0.0.1] [--http] [--data FILE]
                         [--recoverable-days 90] [--purge-protection]
                         [--delete-delay-ms N] [--recover-delay-ms N] [--purge-delay-ms N]
                         [--realistic] [--throttle | --no-throttle]
                         [--cors ORIGIN] [--faults FILE] [--verbose]
                         [--events-webhook URL] [--events-schema eventgrid|cloudevents]

  --port N               vault port (0 picks a free one)              default 8443
  --host ADDR            address to listen on                         default 127.0.0.1
  --http                 plain HTTP instead of HTTPS
  --data FILE            keep the vault, keys and CA in FILE across restarts
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
  --verbose              log one line per request to stderr (no values, no tokens)
  --events-webhook URL   deliver Key Vault secret events to URL (repeatable; validated at start)
  --events-schema S      eventgrid or cloudevents                     default eventgrid
`;

class UsageError extends Error {}

function parseOptions(argv: string[]): EmulatorOptions {
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
        verbose: { type: "boolean" },
        "events-webhook": { type: "string", multiple: true },
        "events-schema": { type: "string" },
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
  const eventsSchema = values["events-schema"] ?? "eventgrid";
  if (eventsSchema !== "eventgrid" && eventsSchema !== "cloudevents") {
    throw new UsageError(`--events-schema must be eventgrid or cloudevents (got "${eventsSchema}")`);
  }
  const schema = eventsSchema === "eventgrid" ? "EventGridSchema" : "CloudEventSchemaV1_0";
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
    verbose: values.verbose ?? false,
    eventWebhooks: (values["events-webhook"] ?? []).map((url) => ({ url, schema })),
  };
}

function banner(vaultUrl: string, secure: boolean, dataFile: string | undefined): string {
  return `
keyvault-emulator: a local Azure Key Vault (secrets) emulator at ${vaultUrl}
It holds no real secrets and has no real security: never put production values in it.

Use it from Node by exporting the variables above, then:
  const { DefaultAzureCredential } = require("@azure/identity");
  const { SecretClient } = require("@azure/keyvault-secrets");
  const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential(),
    { disableChallengeResourceVerification: true });
${secure ? "NODE_EXTRA_CA_CERTS makes Node trust the emulator's CA; it must be set when node starts.\n" : 'Plain HTTP: our client also needs { allowInsecureConnection: true }; the official @azure/keyvault-secrets refuses http: vaults with @azure/keyvault-common 2.1.1 ("The request URL must use HTTPS"), so give it HTTPS.\n'}${dataFile ? `State is kept in ${dataFile}.\n` : "State is in memory only (use --data FILE to keep it).\n"}Stop with Ctrl+C.
`;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`keyvault-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    process.stderr.write(`keyvault-emulator: ${(error as Error).message}\n`);
    process.exit(
      error instanceof DataFileError || error instanceof RangeError || error instanceof TypeError ? 2 : 1,
    );
  }
  for (const [name, value] of Object.entries(emulator.env)) process.stdout.write(`${name}=${value}\n`);
  process.stdout.write(banner(emulator.vaultUrl, !options.http, options.dataFile));
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
