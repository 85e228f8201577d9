// Deterministic fault injection: rules say which requests they hit (method, operation, secret name, vault,
// nth match, how many times, seeded probability) and what happens to them.
import type { OperationName } from "../service/types.js";
import { parseFaultRules, validateFaultRule } from "./faultRules.js";

/** Which requests a rule hits. Every field that is set must match. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Operation name, or several. */
  operation?: OperationName | OperationName[];
  /** Secret name, case-insensitive (names are case-insensitive in Key Vault). */
  secretName?: string;
  /** Vault name, case-insensitive: only requests to that vault (by its host) are hit. */
  vault?: string;
  /**
   * Fire from the nth matching request on (1-based).
   * @default 1
   */
  nth?: number;
  /**
   * How many times the rule fires before it is spent; `"always"` never spends it.
   * @default 1
   */
  times?: number | "always";
  /**
   * Chance (0..1) that an eligible request is hit, drawn from a PRNG seeded with `seed`, so a run is
   * reproducible.
   * @default 1
   */
  probability?: number;
  /**
   * Seed of the rule's PRNG.
   * @default 1
   */
  seed?: number;
}

/** What a fault does to a request it hits. */
export type FaultAction =
  /** Answer with `status` and a Key Vault error body instead of running the operation. */
  | {
      kind: "status";
      status: number;
      /** `error.code` @default "Throttled" for 429, "InternalServerError" for 500, "ServiceUnavailable" for 503 */
      errorCode?: string;
      /** `error.message` @default the service's text for the status */
      errorMessage?: string;
      /** Adds `Retry-After: <seconds>`. */
      retryAfterSeconds?: number;
      /** Adds `retry-after-ms: <ms>` (honoured by Azure SDK retry policies). */
      retryAfterMs?: number;
    }
  /** Delay the response by `ms` milliseconds (the operation then runs normally). */
  | { kind: "latency"; ms: number }
  /** Drop the connection without a response (in-process: a `REQUEST_SEND_ERROR`). */
  | { kind: "reset" }
  /** Never answer; the request ends only when the client aborts or disconnects. */
  | { kind: "hang" }
  /** Run the operation but send only the first half of the JSON body. */
  | { kind: "truncatedBody" }
  /** Run the operation but send a body that is not valid JSON. */
  | { kind: "malformedBody" }
  /** List operations only: answer `{"value":[],"nextLink":<the same URL>}`. */
  | { kind: "emptyPage" }
  /** Answer a CAE claims challenge (401, `error="insufficient_claims"`). */
  | {
      kind: "caeChallenge";
      /** The claims JSON to send (base64-encoded on the wire) @default an `nbf` + `xms_caeerror` claim */
      claims?: string;
    };

/** A fault rule: a match plus an action. */
export type FaultRule = FaultMatch & FaultAction;

/** The kinds of fault. */
export type FaultKind = FaultAction["kind"];

/** A registered rule with its id and how often it fired. */
export type RegisteredFault = FaultRule & { id: string; firedCount: number };

/** A record of one fired fault. */
export interface FiredFault {
  /** The id of the rule that fired. */
  ruleId: string;
  /** Its kind. */
  kind: FaultKind;
  /** Emulator-clock milliseconds. */
  time: number;
  /** The request's method. */
  method: string;
  /** The request's operation. */
  operation?: OperationName;
  /** The request's secret name. */
  secretName?: string;
  /** The vault the request reached. */
  vault?: string;
}

/** The fault controls `RunningEmulator.faults` exposes. */
export interface EmulatorFaults {
  /** Adds a rule (checked; throws `TypeError` naming the bad field) and returns its id. */
  add(rule: FaultRule): string;
  /** Removes a rule; `false` when no rule had that id. */
  remove(id: string): boolean;
  /** Removes every rule and forgets fired faults. */
  clear(): void;
  /** The registered rules, in the order they are evaluated. */
  list(): RegisteredFault[];
  /** Every fault that fired, oldest first. */
  fired(): FiredFault[];
}

/** The request facts rules match on. */
export interface FaultTarget {
  method: string;
  operation?: OperationName;
  secretName?: string;
  vault?: string;
}

const LIST_OPERATIONS: readonly OperationName[] = ["getSecrets", "getSecretVersions", "getDeletedSecrets"];
const MAX_FIRED_RECORDS = 10_000;

interface RuleState {
  id: string;
  rule: FaultRule;
  seen: number;
  fired: number;
  random: () => number;
}

/** Holds fault rules and decides, per request, which one (if any) fires. */
export class FaultInjector implements EmulatorFaults {
  private rules: RuleState[] = [];
  private firedFaults: FiredFault[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  add(rule: FaultRule): string {
    const checked = validateFaultRule(rule);
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, rule: checked, seen: 0, fired: 0, random: mulberry32(checked.seed ?? 1) });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((state) => state.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.firedFaults = [];
  }

  /** Whether any rule is registered (requests skip fault matching entirely when none is). */
  get hasRules(): boolean {
    return this.rules.length > 0;
  }

  list(): RegisteredFault[] {
    return this.rules.map((state) => ({ ...state.rule, id: state.id, firedCount: state.fired }));
  }

  fired(): FiredFault[] {
    return this.firedFaults.map((fault) => ({ ...fault }));
  }

  /**
   * Returns the action for a request, or `undefined`. Every rule whose filter matches counts the
   * request (so `nth` means "the nth request this rule matches"); the first eligible rule fires.
   */
  pick(target: FaultTarget): { ruleId: string; action: FaultAction } | undefined {
    let chosen: RuleState | undefined;
    for (const state of this.rules) {
      if (!matches(state.rule, target)) continue;
      state.seen++;
      if (chosen || !eligible(state)) continue;
      const probability = state.rule.probability ?? 1;
      if (probability < 1 && state.random() >= probability) continue;
      chosen = state;
    }
    if (!chosen) return undefined;
    chosen.fired++;
    if (this.firedFaults.length >= MAX_FIRED_RECORDS) this.firedFaults.shift();
    this.firedFaults.push({ ruleId: chosen.id, kind: chosen.rule.kind, time: this.now(), ...target });
    return { ruleId: chosen.id, action: chosen.rule };
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.method && rule.method.toUpperCase() !== target.method) return false;
  const operations = rule.operation === undefined ? undefined : [rule.operation].flat();
  if (operations && (!target.operation || !operations.includes(target.operation))) return false;
  if (rule.kind === "emptyPage" && !(target.operation && LIST_OPERATIONS.includes(target.operation)))
    return false;
  if (rule.secretName !== undefined && rule.secretName.toLowerCase() !== target.secretName?.toLowerCase()) {
    return false;
  }
  if (rule.vault !== undefined && rule.vault.toLowerCase() !== target.vault) return false;
  return true;
}

function eligible(state: RuleState): boolean {
  if (state.seen < (state.rule.nth ?? 1)) return false;
  const times = state.rule.times ?? 1;
  return times === "always" || state.fired < times;
}

/** A small, well-distributed 32-bit PRNG; deterministic for a given seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { parseFaultRules, validateFaultRule };
