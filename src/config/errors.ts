/** One problem of a load: which secret or key, and why. Never a value. */
export interface SecretsConfigProblem {
  /** The secret name or the key path (`Database.Password`) the problem is about. */
  name: string;
  /** Why, in words (`required, but no enabled secret maps to it`, `403 Forbidden`, …). */
  reason: string;
}

/**
 * Every problem of a load or a refresh at once (missing required keys, collisions, JSON that does not parse,
 * schema failures, requests that failed), thrown once after the whole load. Names and reasons only.
 */
export class SecretsConfigError extends Error {
  /** The problems, in the order they were found. */
  readonly problems: readonly SecretsConfigProblem[];

  constructor(problems: readonly SecretsConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      `The secrets config has ${count}:\n` +
        problems.map(({ name, reason }) => `- ${name}: ${reason}`).join("\n"),
    );
    this.name = "SecretsConfigError";
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  }
}

/** A short reason for a failed request: status and service code, never a body or a value. @internal */
export function requestFailure(error: unknown): string {
  const failure = error as { statusCode?: number; code?: string; name?: string; message?: string };
  if (typeof failure?.statusCode === "number") {
    return `${failure.statusCode}${failure.code ? ` ${failure.code}` : ""}`;
  }
  if (failure?.name === "AbortError") return "aborted";
  return failure?.code ? `request failed (${failure.code})` : `request failed (${failure?.name ?? "error"})`;
}
