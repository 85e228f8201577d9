// The cross-SDK scenario set for a JavaScript SecretClient: the official @azure/keyvault-secrets or ours
// (same API), chosen by KV_CLIENT_MODULE. Challenge verification stays ON (no
// disableChallengeResourceVerification) and tokens come from an unmodified DefaultAzureCredential through
// the emulator's managed-identity endpoint. Configured only by the environment the emulator CLI printed
// (KEYVAULT_URI_ALPHA, KEYVAULT_URI_BETA, IDENTITY_ENDPOINT, IDENTITY_HEADER, NODE_EXTRA_CA_CERTS) plus
// KV_PREFIX (secret name prefix, so several clients share one emulator), KV_RETENTION ("alpha=90,beta=7")
// and KV_FOREIGN_RESOURCE (a resource whose token the vaults must refuse). Prints "ok <scenario>" per
// passed scenario and exits 1 on the first failure. test/helpers/crossSdk/scenario.py is its Python twin.
import assert from "node:assert/strict";
import { DefaultAzureCredential } from "@azure/identity";

const { SecretClient } = await import(process.env.KV_CLIENT_MODULE);
const prefix = process.env.KV_PREFIX;
const retention = Object.fromEntries(process.env.KV_RETENTION.split(",").map((pair) => pair.split("=")));
const credential = new DefaultAzureCredential();
const poll = { intervalInMs: 20 };
const vaults = ["alpha", "beta"].map((name) => {
  const url = process.env[`KEYVAULT_URI_${name.toUpperCase()}`];
  return { name, url, client: new SecretClient(url, credential) };
});
const ok = (scenario) => process.stdout.write(`ok ${scenario}\n`);

async function restError(promise) {
  const error = await promise.then(
    () => assert.fail("expected the call to fail"),
    (caught) => caught,
  );
  assert.equal(error.name, "RestError", String(error));
  return error;
}

async function names(client) {
  const found = [];
  for await (const properties of client.listPropertiesOfSecrets()) found.push(properties.name);
  return found;
}

/** A token the identity endpoint mints for another resource (not the vaults' challenge resource). */
async function foreignToken() {
  const url = new URL(process.env.IDENTITY_ENDPOINT);
  url.searchParams.set("api-version", "2019-08-01");
  url.searchParams.set("resource", process.env.KV_FOREIGN_RESOURCE);
  const response = await globalThis.fetch(url, {
    headers: { "x-identity-header": process.env.IDENTITY_HEADER },
  });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

for (const [vault, other] of [vaults, [...vaults].reverse()]) {
  const { client, url } = vault;
  const name = `${prefix}-in-${vault.name}`;

  await client.setSecret(name, "value-1");
  const latest = await client.setSecret(name, "value-2");
  assert.equal((await client.getSecret(name)).value, "value-2");
  assert.equal(latest.properties.id, `${url}/secrets/${name}/${latest.properties.version}`);
  ok(`set and get in ${vault.name}`);

  assert.equal((await restError(other.client.getSecret(name))).statusCode, 404);
  ok(`a secret of ${vault.name} is 404 in ${other.name}`);

  assert.ok((await names(client)).includes(name));
  assert.ok(!(await names(other.client)).includes(name));
  ok(`list ${vault.name} without ${other.name}'s secrets`);

  await (await client.beginDeleteSecret(name, poll)).pollUntilDone();
  const deleted = await client.getDeletedSecret(name);
  assert.equal(deleted.recoveryId, `${url}/deletedsecrets/${name}`);
  const days = (deleted.scheduledPurgeDate - deleted.deletedOn) / 86_400_000;
  assert.equal(days, Number(retention[vault.name]));
  ok(`delete in ${vault.name} with its ${days}-day retention`);

  await (await client.beginRecoverDeletedSecret(name, poll)).pollUntilDone();
  assert.equal((await client.getSecret(name)).value, "value-2");
  ok(`recover in ${vault.name}`);

  const doomed = `${name}-purged`;
  await client.setSecret(doomed, "v");
  await (await client.beginDeleteSecret(doomed, poll)).pollUntilDone();
  await client.purgeDeletedSecret(doomed);
  assert.equal((await restError(client.getDeletedSecret(doomed))).statusCode, 404);
  ok(`purge in ${vault.name}`);

  const moving = `${name}-moving`;
  await client.setSecret(moving, "carried");
  const backup = await client.backupSecret(moving);
  const restored = await other.client.restoreSecretBackup(backup);
  assert.equal(restored.vaultUrl, other.url);
  assert.equal(restored.name, moving);
  assert.equal((await other.client.getSecret(moving)).value, "carried");
  ok(`backup from ${vault.name} restores into ${other.name}`);

  const token = await foreignToken();
  const foreign = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const refused = await restError(new SecretClient(url, foreign).getSecret(name));
  assert.equal(refused.statusCode, 401);
  assert.match(refused.message, /AKV10022: Invalid audience/);
  ok(`${vault.name} refuses a token issued for another resource`);
}
process.stdout.write("scenario complete\n");
