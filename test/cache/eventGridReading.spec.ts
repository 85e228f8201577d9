// Reading Event Grid events field by field: what makes an event malformed (and how the error names it),
// what is ignored, how missing or odd fields read, and which vault an event addresses.
import { describe, expect, it } from "vitest";
import { addressesVault, parseEvents } from "../../src/model/eventGrid.js";

const NEW_VERSION = "Microsoft.KeyVault.SecretNewVersionCreated";

describe("parseEvents: malformed input", () => {
  it.each([
    [42, "handleEvent: event must be an object (an Event Grid event or a CloudEvent)"],
    [null, "handleEvent: event must be an object (an Event Grid event or a CloudEvent)"],
    [[42], "handleEvent: event must be an object (an Event Grid event or a CloudEvent)"],
    [[{ eventType: NEW_VERSION, subject: "a" }, "x"], "handleEvent: event #2 must be an object"],
    ["42", "handleEvent: event must be an object"],
    [
      { data: {} },
      'handleEvent: event has neither a string "eventType" (Event Grid schema) nor "type" (CloudEvents)',
    ],
    [
      { eventType: "Microsoft.EventGrid.SubscriptionValidationEvent", data: {} },
      'handleEvent: validation event has no string "data.validationCode"',
    ],
    [
      { eventType: NEW_VERSION, data: { ObjectName: "" } },
      `handleEvent: ${NEW_VERSION} event has no string "data.ObjectName"`,
    ],
    [{ eventType: NEW_VERSION }, `handleEvent: ${NEW_VERSION} event has no string "data.ObjectName"`],
  ])("refuses %j, naming what is wrong", (input, message) => {
    expect(() => parseEvents(input)).toThrow(TypeError);
    expect(() => parseEvents(input)).toThrow(message);
  });
});

describe("parseEvents: fields", () => {
  it("reads the name from the subject when data has none, even without data", () => {
    expect(parseEvents({ type: NEW_VERSION, subject: "from-subject" })).toEqual([
      {
        type: "secret",
        kind: "newVersion",
        name: "from-subject",
        version: undefined,
        vaultName: undefined,
        idHost: undefined,
      },
    ]);
    expect(parseEvents({ type: NEW_VERSION, subject: "s", data: null })[0]).toMatchObject({ name: "s" });
    expect(parseEvents({ type: NEW_VERSION, subject: "s", data: "text" })[0]).toMatchObject({ name: "s" });
  });

  it("prefers data.ObjectName, and reads version, vault and id host", () => {
    expect(
      parseEvents({
        eventType: "Microsoft.KeyVault.SecretExpired",
        subject: "subject-name",
        data: {
          ObjectName: "db",
          Version: "abc",
          VaultName: "MyVault",
          Id: "https://MyVault.Vault.Azure.Net/secrets/db/abc",
        },
      }),
    ).toEqual([
      {
        type: "secret",
        kind: "expired",
        name: "db",
        version: "abc",
        vaultName: "MyVault",
        idHost: "myvault.vault.azure.net",
      },
    ]);
  });

  it("reads an empty or non-string version, vault name or id as absent", () => {
    expect(
      parseEvents({
        eventType: "Microsoft.KeyVault.SecretNearExpiry",
        data: { ObjectName: "db", Version: "", VaultName: 7, Id: 7 },
      }),
    ).toEqual([
      {
        type: "secret",
        kind: "nearExpiry",
        name: "db",
        version: undefined,
        vaultName: undefined,
        idHost: undefined,
      },
    ]);
    expect(
      parseEvents({ eventType: NEW_VERSION, data: { ObjectName: "db", Version: 5, Id: "not a url" } })[0],
    ).toMatchObject({
      version: undefined,
      idHost: undefined,
    });
  });

  it("ignores other event types and objects that are not secrets", () => {
    expect(
      parseEvents([
        { eventType: "Microsoft.KeyVault.KeyNewVersionCreated", data: { ObjectName: "k" } },
        { eventType: NEW_VERSION, data: { ObjectType: "Certificate", ObjectName: "c" } },
      ]),
    ).toEqual([{ type: "ignored" }, { type: "ignored" }]);
  });

  it("reads a validation code", () => {
    expect(
      parseEvents({
        eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
        data: { validationCode: "code-1" },
      }),
    ).toEqual([{ type: "validation", code: "code-1" }]);
  });
});

describe("addressesVault", () => {
  const vault = new URL("https://MyVault.vault.azure.net:443/");

  it("matches the id's host, whatever its casing", () => {
    expect(addressesVault({ vaultName: undefined, idHost: "myvault.vault.azure.net" }, vault)).toBe(true);
    expect(addressesVault({ vaultName: undefined, idHost: "other.vault.azure.net" }, vault)).toBe(false);
  });

  it("matches the vault name against the first label of the host, whatever its casing", () => {
    expect(addressesVault({ vaultName: "MYVAULT", idHost: undefined }, vault)).toBe(true);
    expect(addressesVault({ vaultName: "myvault", idHost: "elsewhere.example" }, vault)).toBe(true);
    expect(addressesVault({ vaultName: "myvault.vault.azure.net", idHost: undefined }, vault)).toBe(false);
    expect(addressesVault({ vaultName: "other", idHost: undefined }, vault)).toBe(false);
  });

  it("matches nothing when the event names neither", () => {
    expect(addressesVault({ vaultName: undefined, idHost: undefined }, vault)).toBe(false);
  });
});
