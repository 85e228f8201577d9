import { RestError } from "@azure/core-rest-pipeline";
import type { PollRequestOptions } from "../../src/lro/poller.js";

/** A fake service call that answers from a script, one step per call, and records the options it got. */
export interface ScriptedCall<T> {
  (options?: PollRequestOptions): Promise<T>;
  /** The options of every call so far. */
  readonly calls: PollRequestOptions[];
}

/** Each step is a result, or an HTTP status to fail with (as core-rest-pipeline would, with a RestError). */
export function scripted<T>(...steps: Array<T | number | Error>): ScriptedCall<T> {
  const calls: PollRequestOptions[] = [];
  const call = async (options: PollRequestOptions = {}): Promise<T> => {
    calls.push(options);
    if (calls.length > steps.length)
      throw new Error(`unexpected call #${calls.length} (script has ${steps.length})`);
    const step = steps[calls.length - 1];
    if (typeof step === "number") throw restError(step);
    if (step instanceof Error) throw step;
    return step;
  };
  return Object.assign(call, { calls });
}

export function restError(statusCode: number, code = `Status${statusCode}`): RestError {
  return new RestError(`The service answered ${statusCode}.`, { statusCode, code });
}
