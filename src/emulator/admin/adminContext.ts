// What the admin API works on: the parts of one emulator it reads and steers, and the shapes of its answers.
// Kept as an interface so the API is tested on a core without sockets and the dashboard listener stays thin.
import type { EmulatorClock } from "../vault/clock.js";
import type { EventPublisher } from "../events/eventPublisher.js";
import type { EventWebhook, WebhookDelivery } from "../events/webhook.js";
import type { FaultInjector } from "../faults/faults.js";
import type { Journal } from "../transport/journal.js";
import type { VaultRegistry } from "../vault/vaultRegistry.js";

/** An admin action the live stream shows beside vault requests (a reveal: which value, never the value). */
export interface AdminActivity {
  kind: "admin";
  /** Emulator-clock milliseconds. */
  time: number;
  action: "reveal";
  vault: string;
  secretName: string;
  version: string;
}

/** A webhook delivery as the events view lists it. */
export type DeliveryRecord = WebhookDelivery & { time: number };

/** One emulator as the admin API sees it. @internal */
export interface AdminContext {
  vaults: VaultRegistry;
  /** The URL of a vault by name. */
  vaultUrl(name: string): string;
  clock: EmulatorClock;
  faults: FaultInjector;
  journal: Journal;
  events: EventPublisher;
  /**
   * Starts keeping the published events for the events view, if not yet: on first look, not at start,
   * because watching makes every write check every secret's expiry (a cost only webhooks paid before).
   */
  watchEvents(): void;
  /** Validates a webhook (Event Grid's handshake) and delivers events to it from now on. */
  subscribeWebhook(webhook: EventWebhook): Promise<() => void>;
  /** Webhook deliveries so far, oldest first. */
  deliveries(): DeliveryRecord[];
  /** Publishes the events of an admin change and makes it durable. */
  commit(): Promise<void>;
  /** Empties every vault and clears faults and the journal (`RunningEmulator.reset`). */
  resetAll(): void;
  /** Tells the live stream about an admin action. */
  announce(activity: AdminActivity): void;
}

/** A refused admin request: its status and a message that says why. @internal */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

/** An admin answer: JSON (`body` is serialised) or text. @internal */
export interface AdminAnswer {
  status: number;
  body: unknown;
  /** @default "application/json" */
  type?: string;
}

/** A parsed admin request. @internal */
export interface AdminRequest {
  method: string;
  /** Path segments after `/api/`, decoded. */
  segments: string[];
  query: URLSearchParams;
  /** The request body as text ("" when none). */
  body: string;
  contentType: string;
}

/** The JSON object in a request body; AdminError 400 when it is not one. */
export function jsonBody(request: AdminRequest): Record<string, unknown> {
  if (request.body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw new AdminError(400, "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AdminError(400, "The request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** `{status: 200, body}`. */
export const ok = (body: unknown, status = 200): AdminAnswer => ({ status, body });
