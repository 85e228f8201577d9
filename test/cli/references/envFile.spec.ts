import { describe, expect, it } from "vitest";
import { EnvFileError, parseEnvFile } from "../../../src/cli/references/envFile.js";
import { renderTemplate, templatePlaceholders } from "../../../src/cli/references/template.js";

describe("env files", () => {
  it("reads NAME=value lines with export, comments and both quotes", () => {
    const text = [
      "# comment",
      "export A=1",
      "B = two words # trailing comment",
      "C='lit\\n #x'",
      'D="line1\\nline2 \\"q\\""',
      'E="multi',
      'line"',
      "",
    ].join("\n");
    expect(Object.fromEntries(parseEnvFile(text, ".env"))).toEqual({
      A: "1",
      B: "two words",
      C: "lit\\n #x",
      D: 'line1\nline2 "q"',
      E: "multi\nline",
    });
  });

  it("names the file and line of what does not parse, never the value", () => {
    expect(() => parseEnvFile("A=1\nnot a line\n", "app.env")).toThrow(
      new EnvFileError("app.env:2: expected NAME=value"),
    );
    expect(() => parseEnvFile('S="hunter2', "app.env")).toThrow('app.env:1: S has no closing "');
    expect(() => parseEnvFile('S="hunter2', "app.env")).not.toThrow("hunter2");
  });
});

describe("templates", () => {
  it("finds {{ reference }} placeholders and renders their values in order", () => {
    const template = "a: {{ https://app.vault.azure.net/secrets/a }}\nb: {{akvs://s/app/b}}\n";
    const placeholders = templatePlaceholders(template, "https://{vault}.vault.azure.net");
    expect(placeholders.map(({ label, reference }) => [label, reference.name])).toEqual([
      ["line 1", "a"],
      ["line 2", "b"],
    ]);
    expect(renderTemplate(template, ["1", "$&2"])).toBe("a: 1\nb: $&2\n");
  });

  it("names the line of a placeholder that holds no reference", () => {
    expect(() => templatePlaceholders("x\n{{ nope }}", "https://{vault}.vault.azure.net")).toThrow(
      "line 2: {{ nope }} is not a Key Vault reference",
    );
    expect(() => templatePlaceholders("{{ akvs://x }}", "https://{vault}.vault.azure.net")).toThrow(
      "line 1: an azd",
    );
  });
});
