// The shapes of the Key Vault secret events the emulator publishes, as Azure sends them: the Event Grid
// schema and CloudEvents 1.0, with the PascalCase data keys of the wire. No event carries a secret value.
import { randomUUID } from "node:crypto";

/** The secret event types Key Vault publishes. */
export type SecretEventType =
  | "Microsoft.KeyVault.SecretNewVersionCreated"
  | "Microsoft.KeyVault.SecretNearExpiry"
  | "Microsoft.KeyVault.SecretExpired";

/** The `data` of a Key Vault secret event (wire casing). Times are epoch seconds. */
export interface KeyVaultSecretEventData {
  /** The version's id, e.g. `https://myvault.vault.azure.net/secrets/db/0123…`. */
  Id: string;
  VaultName: string;
  ObjectType: "Secret";
  ObjectName: string;
  Version: string;
  NBF?: number;
  EXP?: number;
}

/** An event in the Event Grid schema. */
export interface EventGridEvent<T = unknown> {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: T;
  dataVersion: string;
  metadataVersion: string;
}

/** An event in the CloudEvents 1.0 schema (structured JSON). */
export interface CloudEvent<T = unknown> {
  specversion: "1.0";
  id: string;
  source: string;
  subject: string;
  type: string;
  time: string;
  data: T;
}

/** The schema of delivered events. */
export type EventSchema = "EventGridSchema" | "CloudEventSchemaV1_0";

/** What happened, before it is put in a schema. @internal */
export interface SecretEventFacts {
  type: SecretEventType;
  /** Emulator-clock epoch ms. */
  time: number;
  data: KeyVaultSecretEventData;
}

/**
 * The resource id Event Grid names as `topic`/`source`. The emulator has no subscription or resource group,
 * so it uses fixed placeholder ones.
 * @internal
 */
export function vaultResourceId(vaultName: string): string {
  return (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/keyvault-emulator" +
    `/providers/Microsoft.KeyVault/vaults/${vaultName}`
  );
}

/** The event in the Event Grid schema. @internal */
export function toEventGridEvent(facts: SecretEventFacts): EventGridEvent<KeyVaultSecretEventData> {
  return {
    id: randomUUID(),
    topic: vaultResourceId(facts.data.VaultName),
    subject: facts.data.ObjectName,
    eventType: facts.type,
    eventTime: new Date(facts.time).toISOString(),
    data: { ...facts.data },
    dataVersion: "1",
    metadataVersion: "1",
  };
}

/** The event as a CloudEvent. @internal */
export function toCloudEvent(facts: SecretEventFacts): CloudEvent<KeyVaultSecretEventData> {
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: vaultResourceId(facts.data.VaultName),
    subject: facts.data.ObjectName,
    type: facts.type,
    time: new Date(facts.time).toISOString(),
    data: { ...facts.data },
  };
}
