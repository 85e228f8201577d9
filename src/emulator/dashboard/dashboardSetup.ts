// Puts a dashboard on an emulator: the admin context over its parts, the webhook delivery log the events
// view reads, and the listener (plain HTTP on loopback, where browsers treat it as a secure context and no
// certificate warning stands in the way; HTTPS with the emulator's CA on any other address).
import type * as https from "node:https";
import type { AdminContext, DeliveryRecord } from "../admin/adminContext.js";
import { handleAdminRequest } from "../admin/adminApi.js";
import { ActivityFeed } from "../admin/liveStream.js";
import type { WebhookDelivery } from "../events/webhook.js";
import { startDashboard, type RunningDashboard } from "./dashboardServer.js";

const MAX_DELIVERIES = 1000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Keeps the last webhook deliveries, stamped with the emulator clock. @internal */
export class DeliveryLog {
  private readonly records: DeliveryRecord[] = [];

  constructor(private readonly now: () => number) {}

  /** Records one delivery (the `report` callback of attachWebhook). */
  readonly add = (delivery: WebhookDelivery): void => {
    if (this.records.length >= MAX_DELIVERIES) this.records.shift();
    this.records.push({ ...delivery, time: this.now() });
  };

  list(): DeliveryRecord[] {
    return this.records.map((record) => ({ ...record }));
  }
}

/** Whether `host` is a loopback address or name. @internal */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || host.startsWith("127.");
}

/**
 * Starts the dashboard of an emulator whose parts are `context` (without `announce` and `watchEvents`, which
 * the dashboard provides) on `host`, reached at `urlHost`. `tls` serves HTTPS and is used only off loopback.
 * @internal
 */
export async function setUpDashboard(
  context: Omit<AdminContext, "announce" | "watchEvents">,
  host: string,
  urlHost: string,
  tls: https.ServerOptions | undefined,
): Promise<RunningDashboard> {
  const feed = new ActivityFeed();
  let watching = false;
  const watchEvents = () => {
    if (watching) return;
    watching = true;
    context.events.subscribe(() => undefined);
  };
  return startDashboard({
    host,
    urlHost,
    tls: isLoopbackHost(host) ? undefined : tls,
    context: { ...context, watchEvents, announce: (activity) => feed.announce(activity) },
    feed,
    handle: handleAdminRequest,
  });
}
