// The loader's options, checked once and filled in with their defaults.
import type { SecretProperties } from "../model/models.js";
import { systemClock } from "../shared/clock.js";
import type { SecretsConfigClock, SecretsConfigOptions } from "./options.js";
import type { StandardSchemaV1 } from "./standardSchema.js";

// docs/config.md#concurrency has the measurement behind 32.
const DEFAULT_CONCURRENCY = 32;
// Half of the service's 4,000 secret transactions per vault per 10 s (docs/service-behaviour.md#throttling):
// a load alone stays well under the limit, with room for the rest of the fleet.
const DEFAULT_PACING = { requests: 2000, windowMs: 10_000 };
const DEFAULT_REFRESH = { intervalMs: 300_000, jitterRatio: 0.2 };

/** @internal */
export interface ConfigSettings {
  prefix: string;
  names: readonly string[] | undefined;
  filter: ((properties: SecretProperties) => boolean) | undefined;
  tags: readonly (readonly [string, string])[];
  includeExpired: boolean;
  keyDelimiter: string;
  parseJson: boolean;
  required: readonly string[];
  schema: StandardSchemaV1 | undefined;
  concurrency: number;
  pacing: { requests: number; windowMs: number };
  refresh: { intervalMs: number; jitterRatio: number } | undefined;
  clock: SecretsConfigClock;
  random: () => number;
}

function wholeNumber(value: unknown, name: string, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new RangeError(`${name} must be a whole number >= ${min}`);
  }
  return value as number;
}

function stringList(value: unknown, name: string): readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item === "")) {
    throw new TypeError(`${name} must be an array of non-empty strings`);
  }
  return Object.freeze([...(value as string[])]);
}

/** @throws TypeError or RangeError naming the option. @internal */
export function resolveSettings(options: SecretsConfigOptions<StandardSchemaV1 | undefined>): ConfigSettings {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { prefix = "", keyDelimiter = "--", filter, schema, tags = {}, refresh, pacing = {} } = options;
  if (typeof prefix !== "string") throw new TypeError("prefix must be a string");
  if (typeof keyDelimiter !== "string") throw new TypeError("keyDelimiter must be a string");
  if (filter !== undefined && typeof filter !== "function") throw new TypeError("filter must be a function");
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
    throw new TypeError("schema must implement Standard Schema (a `~standard.validate` function)");
  }
  if (typeof tags !== "object" || tags === null || Object.values(tags).some((v) => typeof v !== "string")) {
    throw new TypeError("tags must be an object of string values");
  }
  let resolvedRefresh: ConfigSettings["refresh"];
  if (refresh !== undefined) {
    const { intervalMs = DEFAULT_REFRESH.intervalMs, jitterRatio = DEFAULT_REFRESH.jitterRatio } = refresh;
    if (!(typeof jitterRatio === "number" && jitterRatio >= 0 && jitterRatio < 1)) {
      throw new RangeError("refresh.jitterRatio must be a number in [0, 1)");
    }
    resolvedRefresh = { intervalMs: wholeNumber(intervalMs, "refresh.intervalMs", 1000), jitterRatio };
  }
  return {
    prefix,
    names: options.names === undefined ? undefined : stringList(options.names, "names"),
    filter,
    tags: Object.entries(tags),
    includeExpired: options.includeExpired === true,
    keyDelimiter,
    parseJson: options.parseJson === true,
    required: options.required === undefined ? [] : stringList(options.required, "required"),
    schema,
    concurrency: wholeNumber(options.concurrency ?? DEFAULT_CONCURRENCY, "concurrency", 1),
    pacing: {
      requests: wholeNumber(pacing.requests ?? DEFAULT_PACING.requests, "pacing.requests", 1),
      windowMs: wholeNumber(pacing.windowMs ?? DEFAULT_PACING.windowMs, "pacing.windowMs", 1),
    },
    refresh: resolvedRefresh,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}

/** The key a secret name maps to (prefix stripped), or undefined when the prefix does not match. @internal */
export function keyOf(name: string, settings: ConfigSettings): string | undefined {
  const { prefix } = settings;
  if (prefix !== "" && name.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const key = name.slice(prefix.length);
  return key === "" ? undefined : key;
}

/** Whether a secret with these properties is loaded: enabled, valid now, and selected. @internal */
export function isSelected(properties: SecretProperties, settings: ConfigSettings, now: number): boolean {
  if (properties.enabled === false) return false;
  if (!settings.includeExpired) {
    if (properties.expiresOn !== undefined && properties.expiresOn.getTime() <= now) return false;
    if (properties.notBefore !== undefined && properties.notBefore.getTime() > now) return false;
  }
  for (const [tag, value] of settings.tags) if (properties.tags?.[tag] !== value) return false;
  return settings.filter === undefined || settings.filter(properties) === true;
}
