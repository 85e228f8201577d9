// The emulator delivers its secret events to webhooks as Event Grid does: the validation handshake first
// (answered here by SecretCache.handleEvent itself), then the events, in the Event Grid schema or as
// CloudEvents. A webhook that fails the handshake stops the emulator from starting, with a clear message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { SecretCache, SecretClient } from "../../src/index.js";
import { startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess";

interface Delivery {
  method: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

let server: Server | undefined;
let emulator: RunningEmulator | undefined;
let cli: CliEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  if (cli) {
    cli.child.kill("SIGTERM");
    await cli.exited;
    cli = undefined;
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  emulator = undefined;
  server = undefined;
});

/** A webhook endpoint on loopback; `answer` decides each response, `next()` waits for the next delivery. */
async function webhook(answer: (delivery: Delivery, response: ServerResponse) => Promise<void> | void) {
  const deliveries: Delivery[] = [];
  const waiters: ((delivery: Delivery) => void)[] = [];
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", async () => {
      const delivery = {
        method: request.method!,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      deliveries.push(delivery);
      await answer(delivery, response);
      waiters.shift()?.(delivery);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/events`;
  const next = () => new Promise<Delivery>((resolve) => waiters.push(resolve));
  return { url, deliveries, next };
}

describe("emulator event webhooks", () => {
  it("validates an Event Grid webhook and delivers SecretNewVersionCreated that a SecretCache applies", async () => {
    // Set once the vault has a secret to cache; until then the endpoint answers the handshake alone.
    const subscriber: { cache?: SecretCache } = {};
    let validationAnsweredBy = "";
    const hook = await webhook(async (delivery, response) => {
      // Until the cache exists (the handshake happens while the emulator starts), answer like a bare endpoint.
      const cache = subscriber.cache;
      const result = cache
        ? await cache.handleEvent(delivery.body)
        : {
            validationResponse: (delivery.body as { data: { validationCode: string } }[])[0]!.data
              .validationCode,
          };
      if (result.validationResponse) validationAnsweredBy = cache ? "cache" : "endpoint";
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify(result.validationResponse ? { validationResponse: result.validationResponse } : {}),
      );
    });
    emulator = await startEmulator({ eventWebhooks: [{ url: hook.url }] });
    expect(hook.deliveries.map((delivery) => [delivery.method, delivery.headers["aeg-event-type"]])).toEqual([
      ["POST", "SubscriptionValidation"],
    ]);
    expect(validationAnsweredBy).toBe("endpoint");

    const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
    await client.setSecret("webhooked", "v1");
    await hook.next();
    const cache = (subscriber.cache = new SecretCache(client, { ttlMs: 3_600_000 }));
    expect(await cache.get("webhooked")).toBe("v1");

    const elsewhere = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
    const delivered = hook.next();
    const v2 = await elsewhere.setSecret("webhooked", "rotated-value");
    const delivery = await delivered;

    expect(delivery.headers["aeg-event-type"]).toBe("Notification");
    expect(delivery.body).toEqual([
      expect.objectContaining({
        eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
        subject: "webhooked",
        data: expect.objectContaining({
          ObjectName: "webhooked",
          Version: v2.properties.version,
          Id: v2.properties.id,
        }),
      }),
    ]);
    expect(JSON.stringify(delivery.body)).not.toContain("rotated-value");
    expect(await cache.get("webhooked")).toBe("rotated-value");
    cache.dispose();
  });

  it("validates a CloudEvents webhook with OPTIONS and delivers one CloudEvent per request", async () => {
    const hook = await webhook((delivery, response) => {
      if (delivery.method === "OPTIONS") response.setHeader("WebHook-Allowed-Origin", "eventgrid.azure.net");
      response.end();
    });
    emulator = await startEmulator({ eventWebhooks: [{ url: hook.url, schema: "CloudEventSchemaV1_0" }] });
    expect(hook.deliveries[0]).toMatchObject({
      method: "OPTIONS",
      headers: { "webhook-request-origin": "eventgrid.azure.net" },
    });

    const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
    const delivered = hook.next();
    await client.setSecret("cloudy", "value");
    const delivery = await delivered;

    expect(delivery.headers["content-type"]).toMatch(/^application\/cloudevents\+json/);
    expect(delivery.body).toMatchObject({
      specversion: "1.0",
      type: "Microsoft.KeyVault.SecretNewVersionCreated",
      subject: "cloudy",
      data: { ObjectType: "Secret", ObjectName: "cloudy" },
    });
  });

  it("refuses to start when the webhook fails the validation handshake, saying what it must answer", async () => {
    const hook = await webhook((_delivery, response) => {
      response.statusCode = 404;
      response.end();
    });
    await expect(startEmulator({ eventWebhooks: [{ url: hook.url }] })).rejects.toThrow(
      /failed Event Grid validation: it must answer 200 with \{"validationResponse": <data\.validationCode>\} \(got 404\)/,
    );
    await expect(startEmulator({ eventWebhooks: [{ url: "ftp://example.test/" }] })).rejects.toThrow(
      'The events webhook must be an http(s) URL (got "ftp:")',
    );
  });

  it("is wired to the CLI: --events-webhook validates at start, a bad --events-schema is refused, named", async () => {
    const hook = await webhook((delivery, response) => {
      const [event] = delivery.body as { data: { validationCode: string } }[];
      response.end(JSON.stringify({ validationResponse: event!.data.validationCode }));
    });
    cli = await startCliEmulator(["--port", "0", "--http", "--events-webhook", hook.url]);
    expect(hook.deliveries.map((delivery) => delivery.headers["aeg-event-type"])).toEqual([
      "SubscriptionValidation",
    ]);

    const bad = await startCliEmulator(["--port", "0", "--events-schema", "xml"]).catch(
      (error: Error) => error,
    );
    expect(String(bad)).toContain('--events-schema must be eventgrid or cloudevents (got "xml")');
  });
});
