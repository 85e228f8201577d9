// A running emulator takes new webhooks as Event Grid takes new subscriptions: the same validation handshake
// as at start (refused, with a message naming the endpoint, when it fails), then every event from then on,
// through `emulator.events.subscribeWebhook` and the admin API's `POST /api/events/webhooks`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { SecretClient } from "../../../src/index.js";

interface Delivery {
  method: string;
  kind: string | undefined;
  body: unknown;
}
type Answer = (delivery: Delivery, response: ServerResponse) => void;

let emulator: RunningEmulator;
let client: SecretClient;
let admin: (path: string, body: unknown) => Promise<Response>;
const servers: Server[] = [];

/** A webhook endpoint on loopback that answers with `answer`; `next()` waits for the next delivery. */
async function endpoint(answer: Answer) {
  const deliveries: Delivery[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      const kind = request.headers["aeg-event-type"] as string | undefined;
      const delivery = { method: request.method!, kind, body: text ? JSON.parse(text) : undefined };
      deliveries.push(delivery);
      answer(delivery, response);
      waiters.shift()?.();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return { url, deliveries, next: () => new Promise<void>((resolve) => waiters.push(resolve)) };
}

/** Answers Event Grid's handshake as a subscriber must, and every event with 200. */
const eventGridSubscriber: Answer = (delivery, response) => {
  const [event] = delivery.body as { eventType: string; data: { validationCode?: string } }[];
  const validating = event!.eventType === "Microsoft.EventGrid.SubscriptionValidationEvent";
  response.end(validating ? JSON.stringify({ validationResponse: event!.data.validationCode }) : "");
};

beforeAll(async () => {
  emulator = await startEmulator({ http: true, vaults: ["hooks"], dashboard: true });
  client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  const dashboard = new URL(emulator.dashboardUrl!);
  const token = new URLSearchParams(dashboard.hash.slice(1)).get("token")!;
  admin = (path, body) =>
    fetch(`${dashboard.origin}/api/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
});
afterAll(async () => {
  await emulator?.stop();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("webhooks subscribed to a running emulator", () => {
  it("validates an Event Grid webhook, delivers the events that follow, and stops after unsubscribe", async () => {
    await client.setSecret("before", "before-Value");
    const hook = await endpoint(eventGridSubscriber);

    const unsubscribe = await emulator.events.subscribeWebhook({ url: hook.url });
    expect(hook.deliveries.map(({ method, kind }) => [method, kind])).toEqual([
      ["POST", "SubscriptionValidation"],
    ]);

    const delivered = hook.next();
    const secret = await client.setSecret("after", "after-Value");
    await delivered;
    const [event] = hook.deliveries[1]!.body as { eventType: string; data: { Id: string } }[];
    expect([hook.deliveries[1]!.kind, event!.eventType, event!.data.Id]).toEqual([
      "Notification",
      "Microsoft.KeyVault.SecretNewVersionCreated",
      secret.properties.id,
    ]);
    expect(JSON.stringify(hook.deliveries)).not.toMatch(/before-Value|after-Value/);

    unsubscribe();
    await client.setSecret("after", "after-Value-2");
    // Deliveries run in order on one queue: a later webhook's first event proves none was queued for this one.
    const witness = await endpoint(eventGridSubscriber);
    const stopWitness = await emulator.events.subscribeWebhook({ url: witness.url });
    const witnessed = witness.next();
    await client.setSecret("after", "after-Value-3");
    await witnessed;
    stopWitness();
    expect(hook.deliveries).toHaveLength(2);
  });

  it("validates a CloudEvents webhook with the OPTIONS handshake and posts CloudEvents to it", async () => {
    const hook = await endpoint((delivery, response) => {
      if (delivery.method === "OPTIONS") response.setHeader("WebHook-Allowed-Origin", "eventgrid.azure.net");
      response.end();
    });
    const unsubscribe = await emulator.events.subscribeWebhook({
      url: hook.url,
      schema: "CloudEventSchemaV1_0",
    });
    const delivered = hook.next();
    await client.setSecret("cloud", "cloud-Value");
    await delivered;
    unsubscribe();
    expect(hook.deliveries.map(({ method }) => method)).toEqual(["OPTIONS", "POST"]);
    expect(hook.deliveries[1]!.body).toMatchObject({
      type: "Microsoft.KeyVault.SecretNewVersionCreated",
      subject: "cloud",
    });
  });

  it("refuses a webhook that fails the handshake, naming it, and delivers nothing to it", async () => {
    const hook = await endpoint((_delivery, response) => response.end("{}"));

    await expect(emulator.events.subscribeWebhook({ url: hook.url })).rejects.toThrow(
      `The events webhook ${new URL(hook.url).origin} failed Event Grid validation: it must answer 200 with ` +
        `{"validationResponse": <data.validationCode>} (got 200)`,
    );
    await expect(emulator.events.subscribeWebhook({ url: "ftp://127.0.0.1/" })).rejects.toThrow(
      'The events webhook must be an http(s) URL (got "ftp:")',
    );
    await expect(
      emulator.events.subscribeWebhook({ url: hook.url, schema: "Custom" as "EventGridSchema" }),
    ).rejects.toThrow('schema must be "EventGridSchema" or "CloudEventSchemaV1_0" (got "Custom")');

    await client.setSecret("refused", "refused-Value");
    const witness = await endpoint(eventGridSubscriber);
    const stopWitness = await emulator.events.subscribeWebhook({ url: witness.url });
    const witnessed = witness.next();
    await client.setSecret("refused", "refused-Value-2");
    await witnessed;
    stopWitness();
    expect(hook.deliveries.map(({ kind }) => kind)).toEqual(["SubscriptionValidation"]);
  });

  it("subscribes through the admin API (POST /api/events/webhooks), 400 with the reason when refused", async () => {
    const hook = await endpoint(eventGridSubscriber);
    const added = await admin("events/webhooks", { url: hook.url });
    expect([added.status, await added.json()]).toEqual([201, { url: hook.url, schema: "EventGridSchema" }]);
    const delivered = hook.next();
    await client.setSecret("by-admin", "by-admin-Value");
    await delivered;
    expect(hook.deliveries.map(({ kind }) => kind)).toEqual(["SubscriptionValidation", "Notification"]);

    const refusing = await endpoint((_delivery, response) => response.writeHead(403).end());
    const refused = await admin("events/webhooks", { url: refusing.url });
    expect([refused.status, await refused.json()]).toEqual([
      400,
      {
        error: expect.stringContaining(
          `The events webhook ${new URL(refusing.url).origin} failed Event Grid validation`,
        ),
      },
    ]);
    const missing = await admin("events/webhooks", {});
    expect([missing.status, await missing.json()]).toEqual([
      400,
      { error: "url must be the webhook's http(s) URL" },
    ]);
  });
});
