// Checks of fault rules, from code or a `--faults` file: every field is checked, and an unknown key, kind or
// operation is refused naming it (a misspelt rule would otherwise never fire, and the test using it would
// silently test nothing).
import type { OperationName } from "../protocol/types.js";
import type { FaultKind, FaultRule } from "./faultTypes.js";

/** Every operation a rule may name (a Record, so a new operation cannot be forgotten here). */
const OPERATIONS: Record<OperationName, true> = {
  setSecret: true,
  getSecret: true,
  updateSecret: true,
  deleteSecret: true,
  getDeletedSecret: true,
  purgeDeletedSecret: true,
  recoverDeletedSecret: true,
  backupSecret: true,
  restoreSecret: true,
  getSecrets: true,
  getSecretVersions: true,
  getDeletedSecrets: true,
};

/** Keys every rule may have (the match), and those of each kind's action. */
const MATCH_KEYS = [
  "kind",
  "method",
  "operation",
  "secretName",
  "vault",
  "nth",
  "times",
  "probability",
  "seed",
];
const ACTION_KEYS: Record<FaultKind, string[]> = {
  status: ["status", "errorCode", "errorMessage", "retryAfterSeconds", "retryAfterMs"],
  latency: ["ms"],
  reset: [],
  hang: [],
  truncatedBody: [],
  malformedBody: [],
  emptyPage: [],
  caeChallenge: ["claims"],
};

const KINDS: readonly FaultKind[] = [
  "status",
  "latency",
  "reset",
  "hang",
  "truncatedBody",
  "malformedBody",
  "emptyPage",
  "caeChallenge",
];

/** Checks a rule (from code or a `--faults` file) and returns it; throws `TypeError` naming the problem. */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError("A fault rule must be an object");
  }
  const rule = input as Record<string, unknown>;
  const kind = rule["kind"];
  if (!KINDS.includes(kind as FaultKind)) {
    throw new TypeError(`Fault rule "kind" must be one of ${KINDS.join(", ")} (got ${JSON.stringify(kind)})`);
  }
  const positiveInteger = (field: string, value: unknown) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 1)) {
      throw new TypeError(`Fault rule "${field}" must be a positive integer`);
    }
  };
  const nonNegative = (field: string, value: unknown) => {
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Fault rule "${field}" must be a non-negative number`);
    }
  };
  const known = [...MATCH_KEYS, ...ACTION_KEYS[kind as FaultKind]];
  for (const key of Object.keys(rule)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `Fault rule has an unknown key "${key}" for kind "${String(kind)}" (known: ${known.join(", ")})`,
      );
    }
  }
  positiveInteger("nth", rule["nth"]);
  if (rule["times"] !== "always") positiveInteger("times", rule["times"]);
  const probability = rule["probability"];
  if (
    probability !== undefined &&
    !(typeof probability === "number" && probability >= 0 && probability <= 1)
  ) {
    throw new TypeError(`Fault rule "probability" must be a number from 0 to 1`);
  }
  if (rule["seed"] !== undefined && !Number.isSafeInteger(rule["seed"])) {
    throw new TypeError(`Fault rule "seed" must be an integer`);
  }
  for (const field of ["method", "secretName", "vault", "errorCode", "errorMessage"]) {
    if (rule[field] !== undefined && typeof rule[field] !== "string") {
      throw new TypeError(`Fault rule "${field}" must be a string`);
    }
  }
  const operations = rule["operation"] === undefined ? [] : [rule["operation"]].flat();
  if (operations.some((operation) => typeof operation !== "string")) {
    throw new TypeError(`Fault rule "operation" must be an operation name or a list of them`);
  }
  const unknown = operations.find((operation) => !Object.hasOwn(OPERATIONS, operation as string));
  if (unknown !== undefined) {
    throw new TypeError(
      `Fault rule "operation" names no operation: ${JSON.stringify(unknown)} (known: ${Object.keys(OPERATIONS).join(", ")})`,
    );
  }
  if (kind === "status") {
    const status = rule["status"];
    if (!(Number.isSafeInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
      throw new TypeError(`Fault rule "status" must be an HTTP error status (400-599)`);
    }
    nonNegative("retryAfterSeconds", rule["retryAfterSeconds"]);
    nonNegative("retryAfterMs", rule["retryAfterMs"]);
  }
  if (kind === "latency") {
    if (rule["ms"] === undefined) throw new TypeError(`Fault rule "ms" is required for kind "latency"`);
    nonNegative("ms", rule["ms"]);
  }
  if (kind === "caeChallenge" && rule["claims"] !== undefined && typeof rule["claims"] !== "string") {
    throw new TypeError(`Fault rule "claims" must be a JSON string`);
  }
  return { ...rule } as unknown as FaultRule;
}

/** Parses a `--faults` file: a JSON array of rules, or `{ "faults": [...] }`. */
export function parseFaultRules(text: string): FaultRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`The faults file is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown } | null)?.faults;
  if (!Array.isArray(list))
    throw new TypeError(`The faults file must hold an array of rules or {"faults": [...]}`);
  return list.map((rule, index) => {
    try {
      return validateFaultRule(rule);
    } catch (error) {
      throw new TypeError(`Fault rule #${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
}
