// Prints the emulator's permission matrix (operation × built-in secrets role / access-policy permission →
// HTTP status) as a Markdown table: the same probe as test/emulator/access/accessControl.spec.ts, through
// the built package's SecretClient and in-process emulator. `npm run matrix:access` builds first.
import { createRequire } from "node:module";
import {
  PROBE_IDENTITY,
  formatMatrix,
  inProcessClients,
  runMatrix,
  vaultDefinitions,
} from "../test/helpers/accessMatrix/probe.mjs";

const require = createRequire(import.meta.url);
const { createEmulatorHttpClient } = require("../dist/cjs/emulator");
const { SecretClient } = require("../dist/cjs");

const emulator = createEmulatorHttpClient({ identities: [PROBE_IDENTITY], vaults: vaultDefinitions() });
const matrix = await runMatrix(inProcessClients(emulator, SecretClient));
process.stdout.write(`${formatMatrix(matrix)}\n`);
