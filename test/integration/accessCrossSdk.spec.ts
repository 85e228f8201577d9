// The permission matrix over HTTPS through the official clients, each in one process against one CLI
// emulator started with --identity probe and a vault per column (--role, --rbac, --access-policy): the
// official @azure/keyvault-secrets and the official azure-keyvault-secrets for Python, each signing in
// with an unmodified DefaultAzureCredential — the default identity to prepare, the user-assigned identity
// "probe" (managedIdentityClientId / managed_identity_client_id) to probe. Both must see what Azure answers,
// with the exact 403s (test/helpers/accessMatrix/expected.ts).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityDirectory } from "../../src/emulator/identity/identities.js";
import { DEFAULT_TENANT_ID } from "../../src/emulator/index.js";
import { expectedForbidden, expectedMatrix } from "../helpers/accessMatrix/expected.js";
import { COLUMNS, OPERATIONS, PROBE_IDENTITY, cliArgs, type Matrix } from "../helpers/accessMatrix/probe.mjs";
import {
  emulatorCliPath,
  repositoryRoot,
  runNode,
  runProcess,
  startCliEmulator,
  type CliEmulator,
  type ProcessResult,
} from "../helpers/emulatorProcess";
import { provisionPython } from "../helpers/provision/python";
import { bundleSource } from "../helpers/sourceBundle";

const helpers = join(repositoryRoot, "test", "helpers", "accessMatrix");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: CliEmulator;
const results: Record<string, ProcessResult> = {};

beforeAll(async () => {
  const python = provisionPython();
  emulator = await startCliEmulator(["--port", "0", ...cliArgs()]);
  const env: Record<string, string> = {
    ...emulator.env,
    KV_MATRIX_COLUMNS: JSON.stringify(COLUMNS),
    KV_MATRIX_OPERATIONS: JSON.stringify(OPERATIONS),
  };
  const [official, py] = await Promise.all([
    runNode(
      ["--require", bundleSource("src/emulator/localhost.ts"), join(helpers, "officialMatrix.mjs")],
      env,
    ),
    python.then((executable) =>
      runProcess(executable, [join(helpers, "probe.py")], {
        ...env,
        REQUESTS_CA_BUNDLE: env["NODE_EXTRA_CA_CERTS"]!,
      }),
    ),
  ]);
  Object.assign(results, { official, python: py });
});

afterAll(async () => {
  emulator?.child.kill("SIGTERM");
  await emulator?.exited;
});

it("the CLI prints the identity's client id as KEYVAULT_IDENTITY_PROBE_CLIENT_ID", () => {
  const probe = new IdentityDirectory([PROBE_IDENTITY]).record()[PROBE_IDENTITY]!;
  expect(emulator.env["KEYVAULT_IDENTITY_PROBE_CLIENT_ID"]).toBe(probe.clientId);
});

it("the CLI refuses an authorization flag naming an unknown identity with exit code 2", async () => {
  // The other refusals (roles, permissions, vaults) share this path; their messages are unit-tested.
  const result = await runNode([emulatorCliPath(), "--port", "0", "--role", "Key Vault Reader=ghost"], {});
  expect(result.stderr).toContain('No identity named "ghost"');
  expect(result.code).toBe(2);
});

describe.each([
  ["the official @azure/keyvault-secrets", "official"],
  ["the official azure-keyvault-secrets for Python", "python"],
])("%s as a user-assigned managed identity", (_title, key) => {
  const output = () => {
    const result = results[key]!;
    expect(result.code, `stderr:\n${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout.trim().split("\n").pop()!) as {
      matrix: Matrix;
      unknownIdentity?: string;
    };
  };

  it("is allowed and denied each operation as Azure does", () => {
    const statuses = (matrix: Matrix) =>
      Object.fromEntries(
        COLUMNS.map(({ label }) => [label, OPERATIONS.map((op) => matrix[label]![op]!.status)]),
      );
    expect(statuses(output().matrix)).toEqual(statuses(expectedMatrix()));
  });

  it("gets the service's exact 403s, and the assignment id on RBAC successes", () => {
    const { matrix } = output();
    const probe = new IdentityDirectory([PROBE_IDENTITY]).record()[PROBE_IDENTITY]!;
    const caller = { appid: probe.clientId, oid: probe.objectId, tenantId: DEFAULT_TENANT_ID };
    for (const column of COLUMNS) {
      for (const operation of OPERATIONS) {
        const { status, assignmentId, ...error } = matrix[column.label]![operation]!;
        const where = `${column.label} / ${operation}`;
        if (status === 403) {
          expect({ where, ...error }).toEqual({
            where,
            ...expectedForbidden(column, operation, caller, `${key}-`),
          });
        }
        const rbacSuccess = column.role !== undefined && status < 400;
        expect([where, GUID.test(assignmentId ?? "")]).toEqual([where, rbacSuccess]);
      }
    }
  });

  if (key === "official") {
    it("a client id the emulator does not know gets App Service's 400 through ManagedIdentityCredential", () => {
      expect(output().unknownIdentity).toMatch(
        // @azure/identity 4 reports App Service's message as a CredentialUnavailableError's description.
        /^CredentialUnavailableError: .*Description: Unable to load the proper Managed Identity\. /s,
      );
    });
  }
});
