// Authorization of named identities in process, through our SecretClient: the permission matrix (every
// secrets operation × each built-in secrets role and each access-policy permission) with the service's
// exact 403s, a role at one secret's scope, the propagation delay of new assignments, and the default
// identity staying all-powerful.
import { beforeAll, describe, expect, it } from "vitest";
import { SecretClient } from "../../../src/index.js";
import { parseVaultsFile } from "../../../src/emulator/vault/vaultSpecs.js";
import { createEmulatorHttpClient, type EmulatorHttpClient } from "../../../src/emulator/index.js";
import {
  COLUMNS,
  OPERATIONS,
  PROBE_IDENTITY,
  inProcessClients,
  responseCapture,
  runMatrix,
  vaultDefinitions,
} from "../../helpers/accessMatrix/probe.mjs";
import { expectedMatrix, expectedForbidden, type Answer } from "../../helpers/accessMatrix/expected.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("the permission matrix through our client", () => {
  let emulator: EmulatorHttpClient;
  let matrix: Record<string, Record<string, Answer>>;
  beforeAll(async () => {
    emulator = createEmulatorHttpClient({ identities: [PROBE_IDENTITY], vaults: vaultDefinitions() });
    matrix = await runMatrix(inProcessClients(emulator, SecretClient));
  });

  it("allows and denies each operation for each role and permission as Azure does", () => {
    const statuses = (m: Record<string, Record<string, Answer>>) =>
      Object.fromEntries(
        COLUMNS.map(({ label }) => [label, OPERATIONS.map((operation) => m[label]![operation]!.status)]),
      );
    expect(statuses(matrix)).toEqual(statuses(expectedMatrix()));
  });

  it("answers every denial with the service's 403: code, inner code and message, line breaks included", () => {
    const identity = emulator.identities[PROBE_IDENTITY]!;
    const caller = { appid: identity.clientId, oid: identity.objectId, tenantId: emulator.tenantId };
    for (const column of COLUMNS) {
      for (const operation of OPERATIONS) {
        const answer = matrix[column.label]![operation]!;
        if (answer.status !== 403) continue;
        expect({ column: column.label, operation, ...answer }).toEqual({
          column: column.label,
          operation,
          status: 403,
          ...expectedForbidden(column, operation, caller),
        });
      }
    }
  });

  it("names the allowing assignment in x-ms-keyvault-rbac-assignment-id on RBAC successes only", () => {
    const assignments = emulator.access.roleAssignments();
    for (const column of COLUMNS) {
      for (const operation of OPERATIONS) {
        const answer = matrix[column.label]![operation]!;
        const expected =
          column.role !== undefined && answer.status < 400
            ? assignments.find((assignment) => assignment.vault === column.vault)!.id
            : undefined;
        expect([column.label, operation, answer.assignmentId]).toEqual([column.label, operation, expected]);
      }
    }
    expect(assignments.every((assignment) => GUID.test(assignment.id))).toBe(true);
  });

  it("journals each probe request under the identity's name", () => {
    const probeEntries = emulator.journal.entries().filter((entry) => entry.identity === PROBE_IDENTITY);
    expect(probeEntries.length).toBeGreaterThanOrEqual(COLUMNS.length * OPERATIONS.length);
    expect(new Set(probeEntries.map((entry) => entry.operation))).toEqual(new Set(OPERATIONS));
  });
});

describe("role assignments", () => {
  it("scoped to one secret allow that secret and deny the vault's list and the other secrets", async () => {
    const emulator = createEmulatorHttpClient({
      identities: ["app"],
      roleAssignments: ["Key Vault Secrets User=app@emulator/secrets/db-password"],
    });
    const admin = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
    await admin.setSecret("db-password", "p");
    await admin.setSecret("other", "o");
    const app = new SecretClient(emulator.vaultUrl, emulator.credentialFor("app"), { httpClient: emulator });

    expect((await app.getSecret("DB-PASSWORD")).value).toBe("p"); // names are case-insensitive
    const other = await app.getSecret("other").catch((error: unknown) => error);
    expect(other).toMatchObject({ statusCode: 403, code: "Forbidden" });
    expect((other as { details: { error: { message: string } } }).details.error.message).toContain(
      "Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/keyvault-emulator/providers/microsoft.keyvault/vaults/emulator/secrets/other'",
    );
    const list = await app
      .listPropertiesOfSecrets()
      .next()
      .catch((error: unknown) => error);
    expect(list).toMatchObject({ statusCode: 403 });
    expect((list as { details: { error: { message: string } } }).details.error.message).toContain(
      "Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/keyvault-emulator/providers/microsoft.keyvault/vaults/emulator'\r\n",
    );
  });

  it("made while running take effect after the propagation delay on the emulator clock (realistic)", async () => {
    const emulator = createEmulatorHttpClient({
      identities: ["app"],
      realistic: true,
      rbacVaults: ["emulator"],
    });
    emulator.clock.freeze();
    const admin = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
    await admin.setSecret("s", "v");
    const app = new SecretClient(emulator.vaultUrl, emulator.credentialFor("app"), { httpClient: emulator });

    const id = emulator.access.assignRole({ role: "Key Vault Secrets User", identity: "app" });
    expect(emulator.access.roleAssignments()[0]!.effectiveFrom).toBe(emulator.clock.now() + 600_000);
    await expect(app.getSecret("s")).rejects.toMatchObject({ statusCode: 403 });
    emulator.clock.advance(599_999);
    await expect(app.getSecret("s")).rejects.toMatchObject({ statusCode: 403 });
    emulator.clock.advance(1);
    expect((await app.getSecret("s")).value).toBe("v");

    expect(emulator.access.removeRoleAssignment(id)).toBe(true);
    await expect(app.getSecret("s")).rejects.toMatchObject({ statusCode: 403 });
    expect(emulator.access.removeRoleAssignment(id)).toBe(false);
  });

  it("take the delay set by roleAssignmentDelayMs, and none by default", async () => {
    const delayed = createEmulatorHttpClient({ identities: ["app"], roleAssignmentDelayMs: 5_000 });
    delayed.clock.freeze();
    delayed.access.assignRole("Key Vault Reader=app");
    expect(delayed.access.roleAssignments()[0]!.effectiveFrom).toBe(delayed.clock.now() + 5_000);
    expect(delayed.access.permissionModel()).toBe("rbac");

    const immediate = createEmulatorHttpClient({ identities: ["app"] });
    immediate.clock.freeze();
    immediate.access.assignRole("Key Vault Reader=app@emulator");
    expect(immediate.access.roleAssignments()[0]!.effectiveFrom).toBe(immediate.clock.now());
  });
});

describe("the default identity and open vaults", () => {
  it("the default identity does everything in an RBAC vault with no assignments, without an assignment header", async () => {
    const emulator = createEmulatorHttpClient({ identities: ["app"], rbacVaults: ["emulator"] });
    const capture = responseCapture();
    const admin = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: emulator,
      additionalPolicies: [{ policy: capture.policy, position: "perCall" }],
    });
    await admin.setSecret("s", "v");
    expect(capture.take()!.headers.get("x-ms-keyvault-rbac-assignment-id")).toBeUndefined();
    await admin.beginDeleteSecret("s"); // a zero-delay vault: deleted at once, no polling needed
    await admin.purgeDeletedSecret("s");
    expect(emulator.journal.entries().every((entry) => entry.status !== 403)).toBe(true);
  });

  it("a vault with no permission model lets a named identity do anything, as before identities existed", async () => {
    const emulator = createEmulatorHttpClient({
      identities: ["app"],
      vaults: ["open", { name: "closed", permissionModel: "rbac" }],
    });
    const app = (vault: string) =>
      new SecretClient(emulator.vaults.url(vault), emulator.credentialFor("app"), { httpClient: emulator });
    await app("open").setSecret("s", "v");
    expect((await app("open").getSecret("s")).value).toBe("v");
    await expect(app("closed").setSecret("s", "v")).rejects.toMatchObject({ statusCode: 403 });
  });
});

describe("authorization settings", () => {
  it("come from vault definitions, options and specs, and refuse what Azure has no name for", () => {
    const make = (options: Parameters<typeof createEmulatorHttpClient>[0]) => () =>
      createEmulatorHttpClient({ identities: ["app"], ...options });
    expect(make({ roleAssignments: ["Key Vault Contributor=app"] })).toThrow(
      'unknown role "Key Vault Contributor" (the built-in secrets roles: Key Vault Administrator, Key Vault Secrets Officer, Key Vault Secrets User, Key Vault Reader)',
    );
    expect(make({ accessPolicies: ["app@emulator=get,read"] })).toThrow(
      'unknown secret permission "read" (known: get, list, set, delete, backup, restore, recover, purge)',
    );
    expect(make({ roleAssignments: ["Key Vault Reader=nobody"] })).toThrow('No identity named "nobody"');
    expect(make({ roleAssignments: ["Key Vault Reader=app@nowhere"] })).toThrow('No vault named "nowhere"');
    expect(make({ roleAssignments: ["Key Vault Reader=app@emulator/keys/k"] })).toThrow(
      "the scope is a vault or VAULT/secrets/NAME",
    );
    expect(make({ rbacVaults: ["emulator"], accessPolicies: ["app=get"] })).toThrow(
      'vault "emulator" uses Azure RBAC (role assignments); it cannot also use access policies',
    );
    expect(
      make({
        vaults: [
          {
            name: "both",
            roleAssignments: [{ role: "Key Vault Reader", identity: "app" }],
            accessPolicies: [{ identity: "app", permissions: ["get"] }],
          },
        ],
      }),
    ).toThrow('vault "both" has both roleAssignments and accessPolicies');
    expect(make({ roleAssignmentDelayMs: -1 })).toThrow(RangeError);

    const emulator = createEmulatorHttpClient({
      identities: ["app"],
      vaults: [
        "main",
        { name: "legacy", accessPolicies: [{ identity: "app", permissions: ["GET" as "get", "list"] }] },
      ],
    });
    expect(emulator.access.permissionModel("legacy")).toBe("accessPolicies");
    expect(emulator.access.permissionModel()).toBeUndefined();
    emulator.vaults.create({ name: "made", permissionModel: "rbac" });
    expect(emulator.access.permissionModel("made")).toBe("rbac");
    expect(() =>
      emulator.vaults.create({ name: "bad", roleAssignments: [{ role: "Key Vault Reader", identity: "x" }] }),
    ).toThrow('No identity named "x"');
    expect(emulator.vaults.get("bad")).toBeUndefined();
    emulator.vaults.delete("made");
    emulator.vaults.create("made");
    expect(emulator.access.permissionModel("made")).toBeUndefined();
  });

  it("come from a vaults file too", async () => {
    const vaults = parseVaultsFile(
      JSON.stringify([
        { name: "app", roleAssignments: [{ role: "Key Vault Secrets User", identity: "api", secret: "db" }] },
        { name: "legacy", accessPolicies: [{ identity: "api", permissions: ["list"] }] },
      ]),
    );
    const emulator = createEmulatorHttpClient({ identities: ["api"], vaults });
    expect(emulator.access.roleAssignments()).toMatchObject([
      { role: "Key Vault Secrets User", identity: "api", vault: "app", secret: "db" },
    ]);
    const legacy = new SecretClient(emulator.vaults.url("legacy"), emulator.credentialFor("api"), {
      httpClient: emulator,
    });
    await expect(legacy.getSecret("db")).rejects.toMatchObject({
      statusCode: 403,
      details: { error: { innererror: { code: "AccessDenied" } } },
    });
  });
});
