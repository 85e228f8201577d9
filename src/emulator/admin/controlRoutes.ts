// The admin API's emulator-wide controls: fault rules (with how often each fired), the clock (now, advance,
// freeze, resume, set), the events published with their webhook deliveries, and webhooks subscribed while
// the emulator runs.
import type { EventSchema } from "../events/eventShapes.js";
import { validateFaultRule, type FaultRule } from "../faults/faults.js";
import {
  AdminError,
  jsonBody,
  ok,
  type AdminAnswer,
  type AdminContext,
  type AdminRequest,
} from "./adminContext.js";

/**
 * Handles `faults`, `faults/{id}`, `clock`, `events` and `events/webhooks`; `undefined` when the route is none
 * of them.
 */
export async function controlRoute(
  context: AdminContext,
  request: AdminRequest,
): Promise<AdminAnswer | undefined> {
  const [first, id] = request.segments;
  const route = `${request.method} ${first}${id === undefined ? "" : "/:id"}`;
  switch (route) {
    case "GET faults":
      return ok({ rules: context.faults.list(), fired: context.faults.fired().slice(-100) });
    case "POST faults":
      return ok({ id: context.faults.add(faultRuleOf(request)) }, 201);
    case "PUT faults/:id": {
      const rule = faultRuleOf(request);
      if (!context.faults.remove(id!)) throw new AdminError(404, `No fault rule ${id}`);
      // Rules keep no identity across an edit: the edited rule is a new one, evaluated last.
      return ok({ id: context.faults.add(rule) });
    }
    case "DELETE faults/:id":
      if (!context.faults.remove(id!)) throw new AdminError(404, `No fault rule ${id}`);
      return { status: 204, body: undefined };
    case "GET clock":
      return ok(clockView(context));
    case "POST clock":
      changeClock(context, jsonBody(request));
      await context.commit();
      return ok(clockView(context));
    case "GET events":
      context.watchEvents();
      return ok({ published: context.events.published(), deliveries: context.deliveries() });
    case "POST events/:id":
      if (id !== "webhooks") return undefined;
      return ok(await subscribeWebhook(context, jsonBody(request)), 201);
  }
  return undefined;
}

/** `{"url": "<http(s) URL>", "schema"?: "EventGridSchema" | "CloudEventSchemaV1_0"}`; 400 when refused. */
async function subscribeWebhook(context: AdminContext, body: Record<string, unknown>) {
  const { url, schema } = body;
  if (typeof url !== "string") throw new AdminError(400, "url must be the webhook's http(s) URL");
  const webhook = { url, schema: (schema ?? "EventGridSchema") as EventSchema };
  try {
    await context.subscribeWebhook(webhook);
  } catch (error) {
    // The handshake's message names the endpoint and what Event Grid expects of it.
    throw new AdminError(400, (error as Error).message);
  }
  return webhook;
}

function faultRuleOf(request: AdminRequest): FaultRule {
  const body = jsonBody(request);
  try {
    return validateFaultRule(body as unknown as FaultRule);
  } catch (error) {
    throw new AdminError(400, (error as Error).message);
  }
}

function clockView(context: AdminContext) {
  return { now: new Date(context.clock.now()).toISOString(), frozen: context.clock.isFrozen };
}

/** `{"advanceMs": n}`, `{"freeze": true}`, `{"freeze": false}` (resume) or `{"set": "<ISO time>"}`. */
function changeClock(context: AdminContext, body: Record<string, unknown>): void {
  const { advanceMs, freeze, set } = body;
  if (advanceMs !== undefined) {
    if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs)) {
      throw new AdminError(400, "advanceMs must be a finite number of milliseconds");
    }
    context.clock.advance(advanceMs);
  }
  if (set !== undefined) {
    const time = typeof set === "string" || typeof set === "number" ? new Date(set).getTime() : NaN;
    if (!Number.isFinite(time)) throw new AdminError(400, "set must be an ISO time or epoch milliseconds");
    context.clock.set(time);
  }
  if (freeze === true) context.clock.freeze();
  else if (freeze === false) context.clock.unfreeze();
  else if (freeze !== undefined) throw new AdminError(400, "freeze must be true or false");
}
