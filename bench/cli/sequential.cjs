// The baseline of bench/cli/cli.mjs: a launcher that resolves each secret-URL reference in the environment
// one by one (`await client.getSecret(...)` in a loop, one SecretClient per vault, DefaultAzureCredential),
// then starts the command with the values, as a hand-written wrapper script would.
const { spawn } = require("node:child_process");
const { SecretClient } = require("../../dist/cjs/index.js");
const { DefaultAzureCredential } = require("@azure/identity");

(async () => {
  const credential = new DefaultAzureCredential();
  const clients = new Map();
  const env = { ...process.env };
  for (const [variable, value] of Object.entries(process.env)) {
    const match = /^(https:\/\/[^/]+)\/secrets\/([^/]+)$/.exec(value ?? "");
    if (!match) continue;
    if (!clients.has(match[1])) clients.set(match[1], new SecretClient(match[1], credential));
    env[variable] = (await clients.get(match[1]).getSecret(match[2])).value;
  }
  const [command, ...args] = process.argv.slice(2);
  spawn(command, args, { env, stdio: "inherit" }).on("exit", (code) => process.exit(code ?? 1));
})();
