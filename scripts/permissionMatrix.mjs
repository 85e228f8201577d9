// Prints the emulator's permission matrix (operation × built-in secrets role / access-policy permission →
// HTTP status) as a Markdown table: the same probe as test/emulator/access/accessControl.spec.ts, through
// the built package's SecretClient and in-process emulator. `npm run matrix:access` builds first.
import { createRequire } from "node:module";
import {
  PROBE_IDENTITY,
  formatMatrix,
  responseCapture,
  runMatrix,
  vaultDefinitions,
} from "../test/helpers/accessMatrix/probe.mjs";

const require = createRequire(import.meta.url);
const { createEmulatorHttpClient } = require("../dist/cjs/emulator");
const { SecretClient } = require("../dist/cjs");

const emulator = createEmulatorHttpClient({ identities: [PROBE_IDENTITY], vaults: vaultDefinitions() });
const matrix = await runMatrix((vault) => {
  const url = emulator.vaults.url(vault);
  const capture = responseCapture();
  return {
    admin: new SecretClient(url, emulator.credential, { httpClient: emulator }),
    probe: new SecretClient(url, emulator.credentialFor(PROBE_IDENTITY), {
      httpClient: emulator,
      additionalPolicies: [{ policy: capture.policy, position: "perCall" }],
    }),
    capture,
  };
});
process.stdout.write(`${formatMatrix(matrix)}\n`);
