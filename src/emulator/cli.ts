#!/usr/bin/env node
// keyvault-emulator: starts the emulator, prints the variables a client process needs on stdout (only
// NAME=value lines, so a shell can source the output as is; `node --env-file` cannot carry NODE_EXTRA_CA_CERTS,
// see docs/emulator.md), a short banner on stderr, and runs until SIGINT/SIGTERM. Exit codes: 0 after a clean stop, 2 for bad flags or an unusable
// (or locked) data/faults/seed file, 1 for any other start failure.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parseFaultRules, type FaultRule } from "./faults/faults.js";
import type { EmulatorOptions } from "./options.js";
import { DataFileError } from "./persistence/dataFile.js";
import { DataFileLockedError } from "./persistence/dataFileLock.js";
import { writeEnvFile, envFileText } from "./persistence/envFile.js";
import { startEmulator, type RunningEmulator } from "./server.js";
import { DEFAULT_VAULT_NAME } from "./vault/vaultHosts.js";
import type { VaultDefinition } from "./vault/vaultRegistry.js";
import { hostsFileLines, parseVaultSpec, parseVaultsFile } from "./vault/vaultSpecs.js";

const USAGE = `usage: keyvault-emulator [--port 8443] [--host 127.0.0.1] [--http] [--data FILE]
                         [--recoverable-days 90] [--purge-protection]
                         [--delete-delay-ms N] [--recover-delay-ms N] [--purge-delay-ms N]
                         [--realistic] [--throttle | --no-throttle]
                         [--cors ORIGIN] [--faults FILE] [--seed FILE] [--env-out FILE]
                         [--identity-port N] [--identity-header VALUE] [--verbose] [--version]
                         [--vault NAME[:SETTING=VALUE,...]]... [--vaults-file FILE]
                         [--create-vaults-on-first-use] [--cert-name NAME]... [--print-hosts]
                         [--events-webhook URL] [--events-schema eventgrid|cloudevents]
                         [--identity NAME]... [--rbac VAULT]... [--role SPEC]...
                         [--access-policy SPEC]... [--role-assignment-delay-ms N]

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
  --env-out FILE         also write the variables to FILE (dotenv format)
  --identity-port N      identity endpoint port       default: kept in --data, else free
  --identity-header V    identity endpoint secret     default: kept in --data, else random
  --verbose              log one line per request to stderr (no values, no tokens)
  --vault NAME[:S=V,...] a vault at https://NAME.vault.localhost:PORT (repeatable; the first is the
                         default one, which https://127.0.0.1:PORT reaches), with its own settings:
                         recoverable-days=N, purge-protection[=false], delete-delay-ms=N,
                         recover-delay-ms=N, purge-delay-ms=N          default one vault "emulator"
  --vaults-file FILE     the vaults as JSON: [{"name": "dev", "recoverableDays": 7}, "prod", ...]
  --create-vaults-on-first-use
                         a request naming an unknown vault creates it (else 404 VaultNotFound)
  --cert-name NAME       add NAME to the certificate (repeatable): a host name, an IP address, or
                         *.DOMAIN, which also makes https://VAULT.DOMAIN:PORT reach vault VAULT
  --print-hosts          print /etc/hosts lines for the vault names and exit
  --events-webhook URL   deliver Key Vault secret events to URL (repeatable; validated at start)
  --events-schema S      eventgrid or cloudevents                     default eventgrid
  --identity NAME        a user-assigned managed identity NAME (repeatable): tokens asked with its
                         client id (printed as KEYVAULT_IDENTITY_<NAME>_CLIENT_ID) carry its ids;
                         without a client id, tokens are the default identity's, allowed everything
  --rbac VAULT           VAULT uses Azure RBAC: named identities need a role (repeatable)
  --role "ROLE=IDENTITY@VAULT[/secrets/NAME]"
                         assign a built-in role (Key Vault Administrator, Key Vault Secrets Officer,
                         Key Vault Secrets User, Key Vault Reader) at the vault or one secret
                         (repeatable; implies --rbac VAULT)
  --access-policy "IDENTITY@VAULT=get,list"
                         the identity's secret permissions (get, list, set, delete, backup, restore,
                         recover, purge); the vault then uses access policies (repeatable)
  --role-assignment-delay-ms N
                         how long roles assigned while running take to apply  default 0
                         (600000 with --realistic)
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
        // Not "--env-file": Node 20 reads that flag itself even after the script name, and fails.
        "env-out": { type: "string" },
        "identity-port": { type: "string" },
        "identity-header": { type: "string" },
        verbose: { type: "boolean" },
        version: { type: "boolean" },
        vault: { type: "string", multiple: true },
        "vaults-file": { type: "string" },
        "create-vaults-on-first-use": { type: "boolean" },
        "cert-name": { type: "string", multiple: true },
        "print-hosts": { type: "boolean" },
        "events-webhook": { type: "string", multiple: true },
        "events-schema": { type: "string" },
        identity: { type: "string", multiple: true },
        rbac: { type: "string", multiple: true },
        role: { type: "string", multiple: true },
        "access-policy": { type: "string", multiple: true },
        "role-assignment-delay-ms": { type: "string" },
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
  const vaults = vaultsOf(values.vault, values["vaults-file"]);
  if (values["print-hosts"]) {
    const names = vaults?.map((vault) => vault.name) ?? [DEFAULT_VAULT_NAME];
    const specific = values.host && !["127.0.0.1", "localhost", "::1", "0.0.0.0", "::"].includes(values.host);
    process.stdout.write(`${hostsFileLines(names, specific ? values.host : undefined).join("\n")}\n`);
    process.exit(0);
  }
  const eventsSchema = values["events-schema"] ?? "eventgrid";
  if (eventsSchema !== "eventgrid" && eventsSchema !== "cloudevents") {
    throw new UsageError(`--events-schema must be eventgrid or cloudevents (got "${eventsSchema}")`);
  }
  const schema = eventsSchema === "eventgrid" ? "EventGridSchema" : "CloudEventSchemaV1_0";
  return {
    vaults,
    createVaultsOnFirstUse: values["create-vaults-on-first-use"],
    certNames: values["cert-name"],
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
    envFile: values["env-out"],
    verbose: values.verbose ?? false,
    eventWebhooks: (values["events-webhook"] ?? []).map((url) => ({ url, schema })),
    identities: values.identity,
    rbacVaults: values.rbac,
    roleAssignments: values.role,
    accessPolicies: values["access-policy"],
    roleAssignmentDelayMs: integer("role-assignment-delay-ms", values["role-assignment-delay-ms"]),
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

/** The vaults of `--vault` flags and a `--vaults-file`, in that order; `undefined` when neither is given. */
function vaultsOf(specs: string[] | undefined, file: string | undefined): VaultDefinition[] | undefined {
  if (specs === undefined && file === undefined) return undefined;
  const vaults: VaultDefinition[] = [];
  try {
    for (const spec of specs ?? []) vaults.push(parseVaultSpec(spec));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read --vaults-file ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    try {
      vaults.push(...parseVaultsFile(text));
    } catch (error) {
      throw new UsageError(`--vaults-file ${file}: ${(error as Error).message}`);
    }
  }
  return vaults;
}

function banner(emulator: RunningEmulator, options: EmulatorOptions): string {
  const secure = !options.http;
  const vaults = emulator.vaults.list();
  const address = emulator.addressUrl;
  const lines = vaults.map(
    (vault) => `  ${vault.url}${vault.isDefault ? `   (default vault; also at ${address})` : ""}`,
  );
  const named = options.vaults !== undefined;
  return `
keyvault-emulator: a local Azure Key Vault (secrets) emulator. Vaults:
${lines.join("\n")}
It holds no real secrets and has no real security: never put production values in it.

Vaults are addressed by name, as in Azure, so every SDK keeps challenge verification on. Export the
variables above${named ? "" : ` and set KEYVAULT_URI=${vaults[0]!.url}`}, then, from Node:
  const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential());
This package's SecretClient resolves *.vault.localhost itself; other Node processes (the official
@azure/keyvault-secrets, tools) start with  node --import keyvault-secrets-client/emulator/localhost ...
Other languages and tools: add the lines of  keyvault-emulator --print-hosts ${named ? "--vault ... " : ""}to the hosts file.
${named ? "" : `KEYVAULT_URI is the plain address ${address}: clients must then set disableChallengeResourceVerification.\n`}${secure ? "NODE_EXTRA_CA_CERTS makes Node trust the emulator's CA; it must be set when node starts.\n" : 'Plain HTTP: our client also needs { allowInsecureConnection: true }; the official @azure/keyvault-secrets refuses http: vaults with @azure/keyvault-common 2.1.1 ("The request URL must use HTTPS"), so give it HTTPS.\n'}${options.dataFile ? `State is kept in ${options.dataFile}.\n` : "State is in memory only (use --data FILE to keep it).\n"}Stop with Ctrl+C.
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
  const envText = envFileText(emulator.env);
  if (envFile) {
    try {
      await writeEnvFile(envFile, envText);
    } catch (error) {
      process.stderr.write(`keyvault-emulator: ${(error as Error).message}\n`);
      await emulator.stop();
      process.exit(2);
    }
  }
  // A reader that went away (`| head -1`) must not crash the emulator: stdout is only informational.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") process.stderr.write(`keyvault-emulator: stdout: ${error.message}\n`);
  });
  process.stdout.write(envText);
  process.stderr.write(banner(emulator, options));
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
