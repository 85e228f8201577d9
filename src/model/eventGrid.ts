// Reading Key Vault's Event Grid events, in the Event Grid schema (`eventType`, `data`) and as CloudEvents 1.0
// (`type`, `data`). On the wire the data keys are PascalCase (`ObjectName`); @azure/eventgrid's deserializer
// hands them over camelCase (`objectName`): both are accepted.

/** What a Key Vault secret event asks of a cache. @internal */
export type SecretEventKind = "newVersion" | "nearExpiry" | "expired";

/** One event, read. @internal */
export type ParsedEvent =
  | { type: "validation"; code: string }
  | {
      type: "secret";
      kind: SecretEventKind;
      name: string;
      version: string | undefined;
      vaultName: string | undefined;
      /** The host of the object id (`myvault.vault.azure.net`), when the event carries one. */
      idHost: string | undefined;
    }
  | { type: "ignored" };

const SUBSCRIPTION_VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
const SECRET_EVENT_KINDS: Record<string, SecretEventKind> = {
  "Microsoft.KeyVault.SecretNewVersionCreated": "newVersion",
  "Microsoft.KeyVault.SecretNearExpiry": "nearExpiry",
  "Microsoft.KeyVault.SecretExpired": "expired",
};

/**
 * Reads an event, an array of events (a webhook delivery is an array) or their JSON text.
 * @throws TypeError naming the event and field that is malformed; never echoes the input.
 * @internal
 */
export function parseEvents(input: unknown): ParsedEvent[] {
  let events = input;
  if (typeof input === "string") {
    try {
      events = JSON.parse(input);
    } catch {
      throw new TypeError("handleEvent: the event text is not valid JSON");
    }
  }
  const list = Array.isArray(events) ? events : [events];
  return list.map((event, index) => parseEvent(event, list.length > 1 ? ` #${index + 1}` : ""));
}

function parseEvent(event: unknown, label: string): ParsedEvent {
  if (typeof event !== "object" || event === null) {
    throw new TypeError(`handleEvent: event${label} must be an object (an Event Grid event or a CloudEvent)`);
  }
  const record = event as Record<string, unknown>;
  const type = record["eventType"] ?? record["type"];
  if (typeof type !== "string") {
    throw new TypeError(
      `handleEvent: event${label} has neither a string "eventType" (Event Grid schema) nor "type" (CloudEvents)`,
    );
  }
  const data = record["data"];
  const field = (pascal: string): unknown => {
    if (typeof data !== "object" || data === null) return undefined;
    const fields = data as Record<string, unknown>;
    return fields[pascal] ?? fields[pascal[0]!.toLowerCase() + pascal.slice(1)];
  };
  if (type === SUBSCRIPTION_VALIDATION) {
    const code = field("ValidationCode");
    if (typeof code !== "string") {
      throw new TypeError(`handleEvent: validation event${label} has no string "data.validationCode"`);
    }
    return { type: "validation", code };
  }
  const kind = SECRET_EVENT_KINDS[type];
  if (!kind) return { type: "ignored" };
  const objectType = field("ObjectType");
  if (objectType !== undefined && objectType !== "Secret") return { type: "ignored" };
  const name = field("ObjectName") ?? record["subject"];
  if (typeof name !== "string" || name === "") {
    throw new TypeError(`handleEvent: ${type} event${label} has no string "data.ObjectName"`);
  }
  const version = field("Version");
  const vaultName = field("VaultName");
  return {
    type: "secret",
    kind,
    name,
    version: typeof version === "string" && version !== "" ? version : undefined,
    vaultName: typeof vaultName === "string" ? vaultName : undefined,
    idHost: hostOf(field("Id")),
  };
}

function hostOf(id: unknown): string | undefined {
  if (typeof id !== "string") return undefined;
  try {
    return new URL(id).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether an event about `vaultName`/`idHost` addresses the vault at `vaultUrl`: the id's host is the vault's,
 * or the vault name is the first label of the vault's host (`myvault` of `myvault.vault.azure.net`, also
 * through a private link name). @internal
 */
export function addressesVault(
  event: { vaultName: string | undefined; idHost: string | undefined },
  vaultUrl: URL,
): boolean {
  const host = vaultUrl.host.toLowerCase();
  if (event.idHost !== undefined && event.idHost === host) return true;
  const firstLabel = vaultUrl.hostname.toLowerCase().split(".")[0];
  return event.vaultName !== undefined && event.vaultName.toLowerCase() === firstLabel;
}
