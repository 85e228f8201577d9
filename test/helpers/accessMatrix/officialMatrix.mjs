// The permission matrix through the official @azure/keyvault-secrets in its own process, signed in by an
// unmodified DefaultAzureCredential through the emulator's identity endpoint: the default identity (no
// client id) prepares each vault, the user-assigned identity "probe" (managedIdentityClientId) probes.
// Configured only by the CLI's printed variables; prints one JSON line: the matrix, and what a client id
// the emulator does not know gets.
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { COLUMNS, responseCapture, runMatrix } from "./probe.mjs";

const vaultUrl = (vault) => process.env[`KEYVAULT_URI_${vault.toUpperCase().replace(/-/g, "_")}`];
const admin = new DefaultAzureCredential();
const probe = new DefaultAzureCredential({
  managedIdentityClientId: process.env.KEYVAULT_IDENTITY_PROBE_CLIENT_ID,
});
const matrix = await runMatrix((vault) => {
  const capture = responseCapture();
  return {
    admin: new SecretClient(vaultUrl(vault), admin),
    probe: new SecretClient(vaultUrl(vault), probe, {
      additionalPolicies: [{ policy: capture.policy, position: "perCall" }],
    }),
    capture,
  };
}, "official-");

let unknownIdentity;
try {
  await new ManagedIdentityCredential({ clientId: "00000000-1111-4222-8333-444444444444" }).getToken(
    `${vaultUrl(COLUMNS[0].vault)}/.default`,
  );
  unknownIdentity = "a token";
} catch (error) {
  unknownIdentity = `${error.name}: ${error.message}`;
}
process.stdout.write(`${JSON.stringify({ matrix, unknownIdentity })}\n`);
