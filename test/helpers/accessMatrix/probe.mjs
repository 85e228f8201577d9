// The permission matrix probe, shared by every client that runs it (our SecretClient in process, the
// official @azure/keyvault-secrets over HTTPS, and bench/emulator/permissionMatrix.mjs): one vault per
// column (a built-in role, an access-policy permission, or nothing granted), each prepared by the
// all-powerful default identity, then every secrets operation run as the identity "probe". Each answer
// is read from the first non-401 response the operation got (captured by a pipeline policy), so a
// poller's later requests do not blur it. The Python twin is probe.py.

export const PROBE_IDENTITY = "probe";

/** The built-in secrets roles, by their real names. */
export const ROLES = [
  "Key Vault Administrator",
  "Key Vault Secrets Officer",
  "Key Vault Secrets User",
  "Key Vault Reader",
];
/** The access-policy secret permissions. */
export const PERMISSIONS = ["get", "list", "set", "delete", "backup", "restore", "recover", "purge"];

/** The columns: a label and the vault that grants it to "probe". */
export const COLUMNS = [
  ...ROLES.map((role) => ({ label: role, vault: `rbac-${role.split(" ").pop().toLowerCase()}`, role })),
  { label: "no role (RBAC)", vault: "rbac-none", rbac: true },
  ...PERMISSIONS.map((permission) => ({
    label: `policy: ${permission}`,
    vault: `policy-${permission}`,
    permissions: [permission],
  })),
  { label: "no policy", vault: "policy-none", permissions: [] },
];

/** The secrets operations, in the REST reference's names. */
export const OPERATIONS = [
  "getSecret",
  "setSecret",
  "updateSecret",
  "deleteSecret",
  "getSecrets",
  "getSecretVersions",
  "getDeletedSecrets",
  "getDeletedSecret",
  "recoverDeletedSecret",
  "purgeDeletedSecret",
  "backupSecret",
  "restoreSecret",
];

/** The emulator CLI flags that create the columns' vaults and grants. */
export function cliArgs() {
  return COLUMNS.flatMap((column) => [
    "--vault",
    column.vault,
    ...(column.role ? ["--role", `${column.role}=${PROBE_IDENTITY}@${column.vault}`] : []),
    ...(column.rbac ? ["--rbac", column.vault] : []),
    ...(column.permissions
      ? ["--access-policy", `${PROBE_IDENTITY}@${column.vault}=${column.permissions.join(",")}`]
      : []),
  ]).concat(["--identity", PROBE_IDENTITY]);
}

/** The same vaults as `startEmulator`/`createEmulatorHttpClient` vault definitions. */
export function vaultDefinitions() {
  return COLUMNS.map((column) => ({
    name: column.vault,
    ...(column.role ? { roleAssignments: [{ role: column.role, identity: PROBE_IDENTITY }] } : {}),
    ...(column.rbac ? { permissionModel: "rbac" } : {}),
    ...(column.permissions
      ? {
          permissionModel: "accessPolicies",
          accessPolicies: [{ identity: PROBE_IDENTITY, permissions: column.permissions }],
        }
      : {}),
  }));
}

/** A pipeline policy remembering the non-401 responses since the last `take()`. */
export function responseCapture() {
  let responses = [];
  return {
    policy: {
      name: "permissionMatrixCapture",
      async sendRequest(request, next) {
        const response = await next(request);
        if (response.status !== 401) responses.push(response);
        return response;
      },
    },
    /** The first response whose request `matches` (any, by default), forgetting all of them. */
    take(matches = () => true) {
      const response = responses.find((candidate) => matches(candidate.request));
      responses = [];
      return response;
    },
  };
}

/**
 * The clients `runMatrix` asks for, on an in-process emulator: an admin (the default identity) and the probe
 * identity with a response capture. `SecretClient` is passed in, so the test runs the source and the matrix
 * script the built package.
 */
export function inProcessClients(emulator, SecretClient) {
  return (vault) => {
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
  };
}

/**
 * Which request carries an operation: the SDKs' recover pollers first GET the secret (done if it is
 * already back), and their delete pollers GET the deleted secret after the DELETE.
 */
const CARRIER = {
  deleteSecret: (request) => request.method === "DELETE",
  recoverDeletedSecret: (request) => request.method === "POST" && /\/recover\b/.test(request.url),
};

async function firstPage(iterator) {
  for await (const page of iterator.byPage()) return page;
  return [];
}

/** Puts into a vault what every operation needs, as the default identity; `prefix` keeps runs apart. */
export async function prepare(admin, prefix) {
  const live = await admin.setSecret(`${prefix}live`, "value");
  await admin.setSecret(`${prefix}doomed`, "value");
  for (const name of ["gone", "gone-r", "gone-p", "copy"]) {
    await admin.setSecret(`${prefix}${name}`, "value");
  }
  const blob = await admin.backupSecret(`${prefix}copy`);
  for (const name of ["gone", "gone-r", "gone-p", "copy"]) await admin.beginDeleteSecret(`${prefix}${name}`);
  await admin.purgeDeletedSecret(`${prefix}copy`);
  return { version: live.properties.version, blob };
}

/** Each operation through a JS SecretClient (ours and the official one share the API). */
const RUN = {
  getSecret: (client, state, p) => client.getSecret(`${p}live`),
  setSecret: (client, state, p) => client.setSecret(`${p}live`, "new value"),
  updateSecret: (client, state, p) =>
    client.updateSecretProperties(`${p}live`, state.version, { tags: { a: "b" } }),
  deleteSecret: (client, state, p) => client.beginDeleteSecret(`${p}doomed`),
  getSecrets: (client) => firstPage(client.listPropertiesOfSecrets()),
  getSecretVersions: (client, state, p) => firstPage(client.listPropertiesOfSecretVersions(`${p}live`)),
  getDeletedSecrets: (client) => firstPage(client.listDeletedSecrets()),
  getDeletedSecret: (client, state, p) => client.getDeletedSecret(`${p}gone`),
  recoverDeletedSecret: (client, state, p) => client.beginRecoverDeletedSecret(`${p}gone-r`),
  purgeDeletedSecret: (client, state, p) => client.purgeDeletedSecret(`${p}gone-p`),
  backupSecret: (client, state, p) => client.backupSecret(`${p}live`),
  restoreSecret: (client, state) => client.restoreSecretBackup(state.blob),
};

/**
 * Runs the matrix. `clients(vault)` gives `{ admin, probe, capture }`: a default-identity client, a
 * "probe" client whose pipeline has `capture.policy`, and that capture. Returns
 * `{ [column label]: { [operation]: { status, code?, innerCode?, message?, assignmentId? } } }`.
 */
export async function runMatrix(clients, prefix = "") {
  const matrix = {};
  for (const column of COLUMNS) {
    const { admin, probe, capture } = await clients(column.vault);
    const state = await prepare(admin, prefix);
    const row = (matrix[column.label] = {});
    for (const operation of OPERATIONS) {
      capture.take();
      try {
        await RUN[operation](probe, state, prefix);
      } catch {
        // The captured response says what happened.
      }
      row[operation] = describe(capture.take(CARRIER[operation]));
    }
  }
  return matrix;
}

function describe(response) {
  if (!response) return { status: 0 };
  const answer = { status: response.status };
  const assignmentId = response.headers.get("x-ms-keyvault-rbac-assignment-id");
  if (assignmentId) answer.assignmentId = assignmentId;
  if (response.status >= 400 && response.bodyAsText) {
    const error = JSON.parse(response.bodyAsText).error;
    Object.assign(answer, { code: error.code, innerCode: error.innererror?.code, message: error.message });
  }
  return answer;
}

/** The matrix as a Markdown table of statuses (operation × column). */
export function formatMatrix(matrix) {
  const labels = COLUMNS.map((column) => column.label);
  const lines = [
    `| operation | ${labels.join(" | ")} |`,
    `|---|${labels.map(() => "---").join("|")}|`,
    ...OPERATIONS.map(
      (operation) =>
        `| ${operation} | ${labels.map((label) => matrix[label][operation].status).join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}
