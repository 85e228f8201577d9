// Deterministic fault injection: rules say which requests they hit (method, operation, secret name, vault,
// nth match, how many times, seeded probability) and what happens to them.
import type { OperationName } from "../protocol/types.js";
import { parseFaultRules, validateFaultRule } from "./faultRules.js";
import type {
  EmulatorFaults,
  FaultAction,
  FaultRule,
  FaultTarget,
  FiredFault,
  RegisteredFault,
} from "./faultTypes.js";

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
export type * from "./faultTypes.js";
