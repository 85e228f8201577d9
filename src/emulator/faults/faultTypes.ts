// The shapes of fault rules and of what firing one records: the vocabulary the rule parser, the injector
// and the fault responses share.
import type { OperationName } from "../protocol/types.js";

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
