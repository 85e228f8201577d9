// The local Key Vault emulator: start it from code (with its clock and vaults by name), run it inside the
// process without sockets (for unit tests), start it as a separate process with the `keyvault-emulator` CLI and
// read the variables it prints, trust its CA, sign in with an unmodified DefaultAzureCredential through its
// managed-identity endpoint, and use it from the official @azure/keyvault-secrets client as well, with
// challenge-resource verification on.
// This sample is about the emulator, so it ignores KEYVAULT_URI.
// Makes *.localhost names resolve to loopback in this process, for the official client (our own client
// resolves them itself); the same as starting node with --import keyvault-secrets-client/emulator/localhost.
import "keyvault-secrets-client/emulator/localhost";
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient as OfficialSecretClient } from "@azure/keyvault-secrets";
import { SecretClient, isRestError } from "keyvault-secrets-client";
import { createEmulatorHttpClient, startEmulator } from "keyvault-secrets-client/emulator";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

async function fromCode(): Promise<void> {
  const emulator = await startEmulator({ recoverableDays: 7 });
  console.log(`startEmulator(): ${emulator.vaultUrl}`);
  try {
    // The emulator's credential and clientOptions (its CA) are all our SecretClient needs.
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, { ...emulator.clientOptions });
    await client.setSecret("clock-demo", "value");
    await (await client.beginDeleteSecret("clock-demo", { intervalInMs: 10 })).pollUntilDone();

    // Eight days later the 7-day retention is over and the deleted secret is purged automatically.
    emulator.clock.advance(8 * 24 * 60 * 60 * 1000);
    try {
      await client.getDeletedSecret("clock-demo");
    } catch (error) {
      if (!isRestError(error)) throw error;
      console.log(`After clock.advance(8 days): getDeletedSecret → ${error.statusCode} ${error.code}`);
    }
    console.log(`The journal recorded ${emulator.journal.entries().length} requests`);
  } finally {
    await emulator.stop();
  }
}

/** Two vaults in one emulator, each at its own name; verification stays on (the challenge names vault.localhost). */
async function vaultsByName(): Promise<void> {
  const emulator = await startEmulator({ vaults: ["dev", { name: "prod", purgeProtection: true }] });
  try {
    const { credential, clientOptions } = emulator;
    const dev = new SecretClient(emulator.vaults.url("dev"), credential, { ...clientOptions });
    const prod = new SecretClient(emulator.vaults.url("prod"), credential, { ...clientOptions });
    await dev.setSecret("only-in-dev", "value");
    try {
      await prod.getSecret("only-in-dev");
    } catch (error) {
      if (!isRestError(error)) throw error;
      console.log(
        `${emulator.vaults.url("prod")} does not see dev's secret: ${error.statusCode} ${error.code}`,
      );
    }
    const names = emulator.vaults.list().map((vault) => vault.name);
    console.log(`Vaults: ${names.join(", ")}; the plain address ${emulator.addressUrl} reaches dev`);
  } finally {
    await emulator.stop();
  }
}

/** The same emulator as an HttpClient that answers inside this process: no port, no certificate. */
async function inProcess(): Promise<void> {
  const emulator = createEmulatorHttpClient();
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  await client.setSecret("in-process", "no sockets");
  const requests = emulator.journal.entries().map((entry) => `${entry.operation} ${entry.status}`);
  console.log(`createEmulatorHttpClient(): ${emulator.vaultUrl} answered ${requests.join(", ")}`);
}

/** Starts `keyvault-emulator --port 0 --vault dev` and collects the NAME=value lines it prints. */
async function startCli(): Promise<{ cli: ChildProcess; env: Record<string, string> }> {
  const packageRoot = dirname(require.resolve("keyvault-secrets-client/package.json"));
  const cliPath = join(packageRoot, "dist/cjs/emulator/cli.js");
  const cli = spawn(process.execPath, [cliPath, "--port", "0", "--vault", "dev"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const env: Record<string, string> = {};
  const timeout = setTimeout(() => cli.kill(), 15_000);
  for await (const line of createInterface({ input: cli.stdout! })) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
    if (env.KEYVAULT_URI && env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER && env.NODE_EXTRA_CA_CERTS) break;
  }
  clearTimeout(timeout);
  if (!env.KEYVAULT_URI) throw new Error("keyvault-emulator exited before printing KEYVAULT_URI");
  return { cli, env };
}

async function fromCli(): Promise<void> {
  const { cli, env } = await startCli();
  console.log(`keyvault-emulator --port 0 --vault dev printed: ${Object.keys(env).join(", ")}`);
  try {
    // What a separate process would get from its environment: the managed-identity endpoint for
    // DefaultAzureCredential and the CA to trust (NODE_EXTRA_CA_CERTS is read at start-up, so pass it here).
    process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
    const credential = new DefaultAzureCredential();
    const ca = readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8");

    const ours = new SecretClient(env.KEYVAULT_URI, credential, { tlsOptions: { ca } });
    await ours.setSecret("shared-secret", "written by keyvault-secrets-client");

    // KEYVAULT_URI is https://dev.vault.localhost:<port>, so the official client verifies the challenge as usual.
    const official = new OfficialSecretClient(env.KEYVAULT_URI, credential, { tlsOptions: { ca } });
    const secret = await official.getSecret("shared-secret");
    console.log(`@azure/keyvault-secrets read it back: "${secret.value}"`);
  } finally {
    cli.kill("SIGTERM");
    const [code] = await once(cli, "exit");
    console.log(`keyvault-emulator stopped on SIGTERM with exit code ${code}`);
  }
}

async function main(): Promise<void> {
  await fromCode();
  await vaultsByName();
  await inProcess();
  await fromCli();
}

main().catch((error) => {
  process.exitCode = 1;
  console.error(isRestError(error) ? `Failed: ${error.statusCode} ${error.code}: ${error.message}` : error);
});
