// Drives the emulator with the OFFICIAL @azure/keyvault-secrets client and an unmodified
// DefaultAzureCredential, configured only by the environment (KEYVAULT_URI, IDENTITY_ENDPOINT,
// IDENTITY_HEADER, NODE_EXTRA_CA_CERTS) the emulator CLI printed. Run as a child process by
// test/integration/officialClient.spec.ts; prints one "ok <step>" line per checked step and exits 1 on
// the first failure. The emulator must run with --delete-delay-ms/--recover-delay-ms > 0 (so pollers
// really poll) and a faults file with one caeChallenge rule for getSecret of "cae-target".
import assert from "node:assert/strict";
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";

const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential(), {
  disableChallengeResourceVerification: true,
});
const poll = { intervalInMs: 20 };
const ok = (step) => process.stdout.write(`ok ${step}\n`);

async function expectRestError(promise, statusCode, code) {
  const error = await promise.then(
    () => assert.fail(`expected HTTP ${statusCode}`),
    (caught) => caught,
  );
  assert.equal(error.name, "RestError", String(error));
  assert.equal(error.statusCode, statusCode);
  if (code) assert.equal(error.code, code);
  return error;
}

async function collectPages(pages) {
  const result = [];
  for await (const page of pages) {
    assert.ok(page.length <= 2, `page of ${page.length} items exceeds maxPageSize 2`);
    result.push(page);
  }
  return result;
}

const expiresOn = new Date(Math.floor(Date.now() / 1000 + 86_400) * 1000);
const notBefore = new Date(Math.floor(Date.now() / 1000 - 60) * 1000);
const first = await client.setSecret("alpha", "value-1", {
  contentType: "text/plain",
  tags: { env: "dev" },
  enabled: true,
  expiresOn,
  notBefore,
});
assert.equal(first.value, "value-1");
assert.equal(first.properties.contentType, "text/plain");
assert.deepEqual(first.properties.tags, { env: "dev" });
assert.equal(first.properties.expiresOn.getTime(), expiresOn.getTime());
assert.equal(first.properties.notBefore.getTime(), notBefore.getTime());
assert.match(first.properties.version, /^[0-9a-f]{32}$/);
assert.equal(first.properties.recoveryLevel, "Recoverable+Purgeable");
ok("setSecret with attributes");

const second = await client.setSecret("alpha", "value-2");
assert.equal((await client.getSecret("alpha")).value, "value-2");
const byVersion = await client.getSecret("alpha", { version: first.properties.version });
assert.equal(byVersion.value, "value-1");
assert.equal(byVersion.properties.version, first.properties.version);
ok("getSecret latest and by version");

const updated = await client.updateSecretProperties("alpha", second.properties.version, {
  tags: { owner: "tests" },
  contentType: "application/json",
});
assert.deepEqual(updated.tags, { owner: "tests" });
assert.equal(updated.contentType, "application/json");
assert.equal(updated.version, second.properties.version);
ok("updateSecretProperties");

await client.setSecret("disabled-one", "hidden", { enabled: false });
const disabled = await expectRestError(client.getSecret("disabled-one"), 403, "Forbidden");
assert.ok(!String(disabled.message).includes("hidden"));
ok("getSecret of a disabled secret is 403");

for (const name of ["list-1", "list-2", "list-3", "list-4"]) await client.setSecret(name, `value of ${name}`);
const secretPages = await collectPages(client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 }));
const secretNames = secretPages.flat().map((properties) => properties.name);
assert.equal(secretNames.length, 6);
assert.equal(secretPages.length, 3);
assert.equal(new Set(secretNames).size, secretNames.length, "duplicate in list");
for (const name of ["alpha", "disabled-one", "list-1", "list-4"]) assert.ok(secretNames.includes(name), name);
assert.ok(secretPages.flat().every((properties) => properties.value === undefined));
await client.setSecret("alpha", "value-3");
const versionPages = await collectPages(
  client.listPropertiesOfSecretVersions("alpha").byPage({ maxPageSize: 2 }),
);
assert.equal(versionPages.length, 2);
assert.equal(versionPages.flat().length, 3);
ok("list secrets and versions byPage({ maxPageSize: 2 })");

const deletePoller = await client.beginDeleteSecret("list-1", poll);
const deleted = await deletePoller.pollUntilDone();
assert.equal(deleted.name, "list-1");
assert.ok(deleted.properties.recoveryId.endsWith("/deletedsecrets/list-1"));
assert.ok(deleted.properties.deletedOn instanceof Date);
assert.ok(deleted.properties.scheduledPurgeDate instanceof Date);
ok("beginDeleteSecret poller");

const gotDeleted = await client.getDeletedSecret("list-1");
assert.equal(gotDeleted.name, "list-1");
assert.equal(gotDeleted.value, undefined);
ok("getDeletedSecret");

await (await client.beginDeleteSecret("list-2", poll)).pollUntilDone();
const deletedPages = await collectPages(client.listDeletedSecrets().byPage({ maxPageSize: 2 }));
assert.deepEqual(
  deletedPages
    .flat()
    .map((secret) => secret.name)
    .sort(),
  ["list-1", "list-2"],
);
ok("listDeletedSecrets byPage({ maxPageSize: 2 })");

await expectRestError(client.setSecret("list-1", "again"), 409, "Conflict");
ok("setSecret on a deleted name is 409");

const recovered = await (await client.beginRecoverDeletedSecret("list-1", poll)).pollUntilDone();
assert.equal(recovered.name, "list-1");
assert.equal((await client.getSecret("list-1")).value, "value of list-1");
ok("beginRecoverDeletedSecret poller");

await client.purgeDeletedSecret("list-2");
await expectRestError(client.getDeletedSecret("list-2"), 404, "SecretNotFound");
ok("purgeDeletedSecret");

const backup = await client.backupSecret("alpha");
assert.ok(backup instanceof Uint8Array && backup.length > 0);
await (await client.beginDeleteSecret("alpha", poll)).pollUntilDone();
await client.purgeDeletedSecret("alpha");
await expectRestError(client.getSecret("alpha"), 404, "SecretNotFound");
const restored = await client.restoreSecretBackup(backup);
assert.equal(restored.name, "alpha");
assert.equal((await client.getSecret("alpha")).value, "value-3");
assert.equal((await client.getSecret("alpha", { version: first.properties.version })).value, "value-1");
ok("backupSecret, purge, restoreSecretBackup");

await expectRestError(client.restoreSecretBackup(new Uint8Array([1, 2, 3, 4])), 400);
ok("restoreSecretBackup of a malformed blob is 400");

const started = await client.beginDeleteSecret("list-3", poll);
const serialized = started.toString();
started.stopPolling();
const resumed = await client.beginDeleteSecret("list-3", { ...poll, resumeFrom: serialized });
const resumedResult = await resumed.pollUntilDone();
assert.equal(resumedResult.name, "list-3");
assert.equal((await client.getDeletedSecret("list-3")).name, "list-3");
ok("poller resumeFrom");

await client.setSecret("cae-target", "after-claims");
assert.equal((await client.getSecret("cae-target")).value, "after-claims");
ok("CAE claims challenge handled");

process.stdout.write("scenario complete\n");
