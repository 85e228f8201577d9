// What the loaded values look like: sections from the key delimiter, the prefix stripped case-insensitively,
// tags and filter selecting, later vaults winning, collisions named, JSON parsed, and a Standard Schema
// validating (with every problem of a load in one error).
import { afterEach, describe, expect, it } from "vitest";
import { loadSecretsConfig, SecretsConfigError, type StandardSchemaV1 } from "../../src/index.js";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

async function failure(promise: Promise<unknown>): Promise<SecretsConfigError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(SecretsConfigError);
  return error as SecretsConfigError;
}

/** A Standard Schema written by hand (the shape Zod, Valibot and ArkType implement). */
function portSchema(): StandardSchemaV1<unknown, { Database: { Host: string; Port: number } }> {
  return {
    "~standard": {
      version: 1,
      vendor: "test",
      validate(value) {
        const issues: { message: string; path: (string | { key: string })[] }[] = [];
        const db = (value as { Database?: Record<string, unknown> }).Database ?? {};
        if (typeof db["Host"] !== "string")
          issues.push({ message: "Host is required", path: ["Database", "Host"] });
        const port = Number(db["Port"]);
        if (!Number.isInteger(port))
          issues.push({ message: "Port must be a whole number", path: ["Database", { key: "Port" }] });
        if (typeof db["User"] !== "string")
          issues.push({ message: "User is required", path: ["Database", "User"] });
        return issues.length > 0
          ? { issues }
          : { value: { Database: { Host: db["Host"] as string, Port: port } } };
      },
    },
  };
}

describe("loadSecretsConfig: shape", () => {
  it("nests on the key delimiter and reads by dot path, case-insensitively", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "Database--Password": "pw", "Database--Host": "db.local", Region: "west" });
    const config = await fixture.load();
    expect(config.values).toEqual({ Database: { Host: "db.local", Password: "pw" }, Region: "west" });
    expect(config.get("Database.Password")).toBe("pw");
    expect(config.get("database.password")).toBe("pw");
    expect(config.get("Database.Missing")).toBeUndefined();
    expect(Object.isFrozen(config.values)).toBe(true);
    expect(Object.isFrozen(config.values["Database"])).toBe(true);
    expect(config.toEnv()).toEqual({ Database__Host: "db.local", Database__Password: "pw", Region: "west" });
  });

  it("uses another delimiter, or none", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "a-b": "1", "a-c": "2" });
    expect((await fixture.load({ keyDelimiter: "-" })).values).toEqual({ a: { b: "1", c: "2" } });
    expect((await fixture.load({ keyDelimiter: "" })).values).toEqual({ "a-b": "1", "a-c": "2" });
  });

  it("keeps only names with the prefix, matched case-insensitively, and strips it", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "MyApp-Database--Password": "pw", "myapp-Region": "west", "other-Region": "east" });
    const config = await fixture.load({ prefix: "myapp-" });
    expect(config.values).toEqual({ Database: { Password: "pw" }, Region: "west" });
    expect(config.names).toEqual(["MyApp-Database--Password", "myapp-Region"]);
  });

  it("selects by tags (all must match) and by filter", async () => {
    fixture = createConfigFixture();
    await fixture.seed({
      a: { value: "1", tags: { app: "web", env: "prod" } },
      b: { value: "2", tags: { app: "web", env: "dev" } },
      c: { value: "3", tags: { app: "web", env: "prod" } },
      d: { value: "4" },
    });
    expect((await fixture.load({ tags: { app: "web", env: "prod" } })).names).toEqual(["a", "c"]);
    expect((await fixture.load({ filter: (properties) => properties.name !== "c" })).names).toEqual([
      "a",
      "b",
      "d",
    ]);
  });

  it("layers vaults in order: a later vault's secret wins, whatever its case", async () => {
    fixture = createConfigFixture();
    const shared = fixture.clientOf("shared");
    const app = fixture.clientOf("app");
    await fixture.seed(
      { "Database--Host": "shared-db", "Database--Port": "5432", "Log--Level": "info" },
      shared,
    );
    await fixture.seed({ "database--host": "app-db", Feature: "on" }, app);
    const config = await fixture.load({}, [shared, app]);
    expect(config.get("Database.Host")).toBe("app-db");
    expect(config.get("Database.Port")).toBe("5432");
    expect(config.get("Log.Level")).toBe("info");
    expect(config.get("Feature")).toBe("on");
  });

  it("reports names that are both a value and a section, naming both; sections match case-insensitively", async () => {
    fixture = createConfigFixture();
    await fixture.seed({
      Database: "x",
      "Database--Password": "pw",
      "Log--Level--Min": "1",
      "log--level": "2",
    });
    const error = await failure(fixture.load());
    expect(error.problems).toEqual([
      { name: "Database and Database--Password", reason: '"Database" would be both a value and a section' },
      { name: "Log--Level--Min and log--level", reason: '"log.level" would be both a value and a section' },
    ]);
    expect(error.message).toContain("2 problems");
    expect(error.message).not.toContain("pw");

    fixture.dispose();
    fixture = createConfigFixture();
    await fixture.seed({ "Cache--Host": "h", "CACHE--Port": "1" });
    expect((await fixture.load()).values).toEqual({ CACHE: { Host: "h", Port: "1" } });
  });

  it("parses application/json values with parseJson, and reports JSON that does not parse", async () => {
    fixture = createConfigFixture();
    await fixture.seed({
      Features: { value: '{"beta":true,"limits":[1,2]}', contentType: "application/json; charset=utf-8" },
      Plain: { value: '{"not":"parsed"}' },
    });
    const config = await fixture.load({ parseJson: true });
    expect(config.get("Features")).toEqual({ beta: true, limits: [1, 2] });
    expect(Object.isFrozen((config.get("Features") as { limits: number[] }).limits)).toBe(true);
    expect(config.get("Plain")).toBe('{"not":"parsed"}');
    expect(config.toEnv()).toMatchObject({ Features__beta: "true", Features__limits: "[1,2]" });
    expect((await fixture.load()).get("Features")).toBe('{"beta":true,"limits":[1,2]}');

    await fixture.seed({ Broken: { value: "{oops-value", contentType: "application/json" } });
    const error = await failure(fixture.load({ parseJson: true }));
    expect(error.problems).toEqual([{ name: "Broken", reason: expect.stringContaining("not JSON") }]);
    expect(error.message).not.toContain("oops-value");
  });

  it("gives values the schema's output", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "Database--Host": "db", "Database--Port": "5432", "Database--User": "app" });
    const config = await loadSecretsConfig(fixture.client, { schema: portSchema(), clock: fixture.clock });
    const port: number = config.values.Database.Port;
    expect(port).toBe(5432);
    expect(Object.isFrozen(config.values.Database)).toBe(true);
    config.dispose();
  });

  it("throws one error listing three schema problems at once, and required keys, never a value", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ "Database--Port": "not-a-port" });
    const error = await failure(
      loadSecretsConfig(fixture.client, { schema: portSchema(), clock: fixture.clock }),
    );
    expect(error.problems).toEqual([
      { name: "Database.Host", reason: "Host is required" },
      { name: "Database.Port", reason: "Port must be a whole number" },
      { name: "Database.User", reason: "User is required" },
    ]);
    expect(error.message).toContain("3 problems");
    expect(error.message).not.toContain("not-a-port");

    const required = await failure(fixture.load({ required: ["Database.Port", "Api.Key", "Region"] }));
    expect(required.problems.map(({ name }) => name)).toEqual(["Api.Key", "Region"]);
  });

  it("withholds a schema message that quotes a loaded value", async () => {
    fixture = createConfigFixture();
    await fixture.seed({ Token: "hunter2-secret" });
    const quoting: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) => ({
          issues: [
            { message: `expected a number, got "${(value as { Token: string }).Token}"`, path: ["Token"] },
          ],
        }),
      },
    };
    const error = await failure(loadSecretsConfig(fixture.client, { schema: quoting, clock: fixture.clock }));
    expect(error.problems).toEqual([{ name: "Token", reason: expect.stringContaining("withheld") }]);
    expect(error.message).not.toContain("hunter2");

    const throwing: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) => {
          throw new RangeError(`bad token ${(value as { Token: string }).Token}`);
        },
      },
    };
    const thrown = await failure(
      loadSecretsConfig(fixture.client, { schema: throwing, clock: fixture.clock }),
    );
    expect(thrown.problems).toEqual([{ name: "(schema)", reason: "validate threw a RangeError" }]);
  });
});
