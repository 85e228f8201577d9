// Delivers the emulator's events to a webhook as Event Grid does: first the validation handshake (Event Grid
// schema: a SubscriptionValidationEvent answered with its validationResponse; CloudEvents: an OPTIONS request
// answered with WebHook-Allowed-Origin), then one POST per event.
import { randomUUID } from "node:crypto";
import type { EmulatorEventListener, EmulatorEvents } from "./eventPublisher.js";
import { vaultResourceId, type EventSchema } from "./eventShapes.js";

/** A webhook the emulator delivers events to. */
export interface EventWebhook {
  /** The endpoint URL (http or https). */
  url: string;
  /**
   * The schema of the events delivered.
   * @default "EventGridSchema"
   */
  schema?: EventSchema;
}

/** The events API of a started emulator: {@link EmulatorEvents} plus webhooks subscribed while it runs. */
export interface RunningEmulatorEvents extends EmulatorEvents {
  /**
   * Subscribes a webhook while the emulator runs, as adding an Event Grid subscription does: the same
   * validation handshake as the `eventWebhooks` option at start, then every secret event from now on.
   * @returns A function that unsubscribes the webhook.
   * @throws TypeError for a URL that is not http(s) or an unknown schema; Error naming the webhook when it
   * fails the handshake (nothing is subscribed then), or when the emulator is stopped.
   */
  subscribeWebhook(webhook: EventWebhook): Promise<() => void>;
}

/** Where delivery problems are reported (they never stop the emulator). @internal */
export type WebhookWarning = (message: string) => void;

/** The outcome of one event delivery (the dashboard's events view lists them). @internal */
export interface WebhookDelivery {
  /** The webhook's URL. */
  url: string;
  eventId: string;
  eventType: string;
  /** The status the webhook answered, when it answered. */
  status?: number;
  /** Why the delivery failed without an answer. */
  error?: string;
}

const WEBHOOK_ORIGIN = "eventgrid.azure.net";

/**
 * Validates the webhook, then subscribes it to `events`. Deliveries run in the background, in order.
 * @returns A function that unsubscribes it.
 * @throws Error when the handshake fails (the endpoint does not answer as Event Grid requires).
 * @internal
 */
export async function attachWebhook(
  events: EmulatorEvents,
  webhook: EventWebhook,
  vaultName: string,
  warn: WebhookWarning,
  report: (delivery: WebhookDelivery) => void = () => undefined,
): Promise<() => void> {
  const url = checkWebhookUrl(webhook?.url);
  const schema = webhook.schema ?? "EventGridSchema";
  // Checked before the handshake, so a bad schema never sends the endpoint a request.
  if (schema !== "EventGridSchema" && schema !== "CloudEventSchemaV1_0") {
    throw new TypeError(
      `schema must be "EventGridSchema" or "CloudEventSchemaV1_0" (got ${JSON.stringify(schema)})`,
    );
  }
  await (schema === "CloudEventSchemaV1_0" ? cloudEventsHandshake(url) : eventGridHandshake(url, vaultName));
  let queue = Promise.resolve();
  const deliver: EmulatorEventListener = (event) => {
    const body = JSON.stringify(schema === "EventGridSchema" ? [event] : event);
    const facts = "eventType" in event ? event : { id: event.id, eventType: event.type };
    const delivery = { url: url.href, eventId: facts.id, eventType: facts.eventType };
    queue = queue.then(() =>
      post(url, body, schema).then(
        (status) => {
          report({ ...delivery, status });
          if (status < 200 || status > 299) warn(`event webhook ${url.origin} answered ${status}`);
        },
        (error: Error) => {
          report({ ...delivery, error: error.message });
          warn(`event webhook ${url.origin} failed: ${error.message}`);
        },
      ),
    );
  };
  return events.subscribe(deliver, { schema });
}

/** Checks a webhook URL; throws a TypeError naming the problem. @internal */
export function checkWebhookUrl(text: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(text as string);
  } catch {
    throw new TypeError(`The events webhook must be an absolute http(s) URL (got "${text}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`The events webhook must be an http(s) URL (got "${url.protocol}")`);
  }
  return url;
}

async function eventGridHandshake(url: URL, vaultName: string): Promise<void> {
  const validationCode = randomUUID();
  const event = {
    id: randomUUID(),
    topic: vaultResourceId(vaultName),
    subject: "",
    eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
    eventTime: new Date().toISOString(),
    data: { validationCode, validationUrl: "" },
    dataVersion: "2",
    metadataVersion: "1",
  };
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "aeg-event-type": "SubscriptionValidation" },
    body: JSON.stringify([event]),
  });
  const text = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const code = (answer as { validationResponse?: unknown } | undefined)?.validationResponse;
  if (!response.ok || code !== validationCode) {
    throw new Error(
      `The events webhook ${url.origin} failed Event Grid validation: it must answer 200 with ` +
        `{"validationResponse": <data.validationCode>} (got ${response.status})`,
    );
  }
}

async function cloudEventsHandshake(url: URL): Promise<void> {
  const response = await fetch(url, {
    method: "OPTIONS",
    headers: { "WebHook-Request-Origin": WEBHOOK_ORIGIN },
  });
  await response.arrayBuffer();
  const allowed = response.headers.get("webhook-allowed-origin");
  if (!response.ok || (allowed !== "*" && allowed?.toLowerCase() !== WEBHOOK_ORIGIN)) {
    throw new Error(
      `The events webhook ${url.origin} failed CloudEvents validation: it must answer OPTIONS with 200 and ` +
        `WebHook-Allowed-Origin: ${WEBHOOK_ORIGIN} (got ${response.status})`,
    );
  }
}

async function post(url: URL, body: string, schema: EventSchema): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers:
      schema === "EventGridSchema"
        ? { "content-type": "application/json", "aeg-event-type": "Notification" }
        : { "content-type": "application/cloudevents+json; charset=utf-8" },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
