// Import rules for src/, checked by `npm run lint` (through scripts/checkImports.mjs) so that they
// hold by tool, not by review. Type-only imports count like any other (tsPreCompilationDeps): a type
// import still couples the importer to the imported file's shape, and letting them through would let a
// floor lean on a higher one.
//
// The code is stacked in floors; a folder may import itself and lower floors only, never a higher floor
// or a folder on its own floor (the few same-floor arrows that exist are listed in SAME_FLOOR_IMPORTS,
// with why). A "folder" is the files directly in it: src/http/ means src/http/*.ts, not src/http/transport/.
//
// Why each rule exists:
// - no-circular: a cycle makes every module in it load-order dependent (an import can be `undefined`
//   while the cycle initialises) and makes none of them testable or movable alone.
// - floors-<folder>: the floors are the architecture; one upward import turns two floors into one and
//   is how layering quietly erodes.
// - client-not-to-emulator: the emulator is a Node-only subpath export (`keyvault-secrets-client/emulator`);
//   a client import of it would tie the browser-ready client to Node servers, persistence and fake tokens.
// - testing-through-public-entries, nothing-to-testing: the test harness (`keyvault-secrets-client/testing`)
//   sits above both programs and uses them through their public entries, as its users' tests do; nothing
//   imports it, so it adds nothing to the client or the emulator.
// - emulator-only-to-shared: the emulator must stay a faithful stand-in for the real service, so it may
//   not borrow the client's models, wire mapping or pipeline (a shared bug would then pass both sides);
//   only the neutral helpers in src/shared/ are common ground.
// - folder-in-no-floor, to-folder-in-no-floor: every folder in src must be placed on a floor below, so
//   a new folder cannot slip past the floor rules by being unknown to them.
// - identity-only-in-cli: the library takes any TokenCredential; only the CLI signs in by itself.
// - not-to-unresolvable: an import the cruiser cannot resolve is an import no rule above can see.

// Client floors, bottom first (src/index.ts is the top).
const CLIENT_FLOORS = [
  ["shared"], // abort, logger, constants, writeNotifier, localhostLookup: shared with the emulator
  ["model"], // models, options, identifiers, validation
  ["wire"], // request and response JSON
  ["http/transport"], // the HTTP clients and *.localhost agents
  ["http/policies"], // pipeline policies
  ["http"], // the pipeline itself, sendRequest, restErrors
  ["lro", "paging"], // pollers and pagers over the pipeline
  ["client"], // SecretClient
  // SecretCache, loadSecretsConfig and the gateway (its own subpath entry) over SecretClient, not importing
  // each other
  ["cache", "config", "gateway"],
  [""], // src/index.ts, the public entry
  ["testing"], // keyvault-secrets-client/testing: the test harness over the client and the emulator
  ["cli/references", "cli/process"], // the CLI's references and resolver; its child process and masking
  ["cli"], // the keyvault-secrets command line (a bin; nothing in the library imports it)
];

// Emulator floors, bottom first (the emulator's entry points and root object are the top).
const EMULATOR_FLOORS = [
  ["emulator/protocol"], // service errors, types, API versions, limits
  ["emulator/vault", "emulator/identity", "emulator/faults"], // the store, tokens, fault injection
  // REST handlers, events, durability, authorization
  ["emulator/service", "emulator/events", "emulator/persistence", "emulator/access"],
  ["emulator/transport"], // dispatcher, CORS, throttling, journal, listeners
  ["emulator/admin"], // the admin API over the vaults, faults, clock, events and journal
  ["emulator/dashboard"], // the dashboard's listener and files
  // emulatorCore, server, inProcessHttpClient, options, optionChecks, durableEmulator and the entry points
  ["emulator"],
];

// The same-floor arrows that exist, each kept because splitting it out would be worse than the arrow.
const SAME_FLOOR_IMPORTS = {
  // A fault response can be a CAE claims challenge, which is identity's to build.
  "emulator/faults": ["emulator/identity"],
  // The names the server certificate covers are derived from the vault host domain (`*.vault.localhost`).
  "emulator/identity": ["emulator/vault"],
  // A seed file's secrets are checked by the same parser as a set-secret request body.
  "emulator/persistence": ["emulator/service"],
};

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The files directly in `folder` (a path under src/; "" is src/ itself). */
const filesIn = (folder) => `^src/${folder ? `${escapeRegExp(folder)}/` : ""}[^/]+$`;

function floorRules(floors) {
  return floors.flatMap((floor, level) =>
    floor.flatMap((folder) => {
      const sameFloor = floor.filter(
        (other) => other !== folder && !SAME_FLOOR_IMPORTS[folder]?.includes(other),
      );
      const forbidden = [...floors.slice(level + 1).flat(), ...sameFloor];
      // The top floor has nothing above it (an empty `to.path` list would match every import).
      if (forbidden.length === 0) return [];
      return {
        name: `floors-${folder || "root"}`.replace(/\//g, "-"),
        severity: "error",
        comment:
          `src/${folder} may import only itself and lower floors` +
          (SAME_FLOOR_IMPORTS[folder]
            ? ` (and, on its own floor, ${SAME_FLOOR_IMPORTS[folder].join(", ")})`
            : ""),
        from: { path: filesIn(folder) },
        to: { path: forbidden.map(filesIn) },
      };
    }),
  );
}

const allFloors = [...CLIENT_FLOORS, ...EMULATOR_FLOORS].flat().map(filesIn);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A module cycle in src.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...floorRules(CLIENT_FLOORS),
    ...floorRules(EMULATOR_FLOORS),
    {
      name: "client-not-to-emulator",
      severity: "error",
      comment:
        "Client code (everything in src outside src/emulator and the src/testing harness) may not import the emulator.",
      from: { path: "^src/", pathNot: ["^src/emulator/", "^src/testing/"] },
      to: { path: "^src/emulator/" },
    },
    {
      name: "testing-through-public-entries",
      severity: "error",
      comment:
        "The test harness (src/testing) uses the client and the emulator as users do: through src/index.ts and src/emulator/index.ts only.",
      from: { path: "^src/testing/" },
      to: { path: "^src/", pathNot: ["^src/testing/", "^src/index\\.ts$", "^src/emulator/index\\.ts$"] },
    },
    {
      name: "nothing-to-testing",
      severity: "error",
      comment:
        "Nothing in src imports the test harness: it is a top floor of its own, reached by its subpath only.",
      from: { path: "^src/", pathNot: "^src/testing/" },
      to: { path: "^src/testing/" },
    },
    {
      name: "emulator-only-to-shared",
      severity: "error",
      comment: "The emulator may import nothing in src outside src/emulator except src/shared.",
      from: { path: "^src/emulator/" },
      to: { path: "^src/", pathNot: ["^src/emulator/", "^src/shared/"] },
    },
    {
      name: "identity-only-in-cli",
      severity: "error",
      comment:
        "Only the keyvault-secrets CLI (src/cli) may load @azure/identity: the library takes any TokenCredential, " +
        "and its entry points must not pull a credential package into apps and bundles.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "node_modules/@azure/identity/" },
    },
    {
      name: "folder-in-no-floor",
      severity: "error",
      comment: "A module in a folder no floor lists: add the folder to a floor in this file.",
      from: { path: "^src/", pathNot: allFloors },
      to: {},
    },
    {
      name: "to-folder-in-no-floor",
      severity: "error",
      comment: "An import of a module in a folder no floor lists: add the folder to a floor in this file.",
      from: {},
      to: { path: "^src/", pathNot: allFloors },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that cannot be resolved escapes every rule here.",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports and re-exports are arrows too.
    tsPreCompilationDeps: true,
    // Resolves the package's self-references (tsconfig `paths`), so an import of
    // "keyvault-secrets-client/emulator" is seen as the src file it is.
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
  },
};
