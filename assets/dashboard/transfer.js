// Import and export of one vault: the emulator's JSON export (every version and deleted secret, so export,
// reset and import give the same vault back) or .env lines of current values; reset of the vault.
import { api, seg } from "./api.js";
import { h, toast } from "./dom.js";

export function transferPage(main, params) {
  const select = h("select", { id: "transfer-vault" });
  const text = h("textarea", { id: "transfer-text", spellcheck: "false" });
  const file = h("input", {
    id: "transfer-file",
    type: "file",
    accept: ".json,.env,text/plain,application/json",
  });
  const vault = () => select.value;
  const exportAs = async (format) => {
    try {
      const answer = await api(`vaults/${seg(vault())}/export${format === "env" ? "?format=env" : ""}`, {
        text: format === "env",
      });
      const body = format === "env" ? answer : JSON.stringify(answer, null, 2);
      text.value = body;
      const link = h("a", { href: URL.createObjectURL(new Blob([body])), download: `${vault()}.${format}` });
      link.click();
      URL.revokeObjectURL(link.href);
      toast(`Exported ${vault()} (values included: keep the file safe)`);
    } catch (error) {
      toast(error.message, true);
    }
  };
  const importText = async () => {
    try {
      const result = await api(`vaults/${seg(vault())}/import`, { method: "POST", body: text.value });
      toast(
        result.mode === "replace"
          ? `Imported ${result.secrets} secrets (vault replaced)`
          : `Seeded ${result.secrets} new secrets`,
      );
    } catch (error) {
      toast(error.message, true);
    }
  };
  const reset = async () => {
    try {
      await api(`reset?vault=${seg(vault())}`, { method: "POST" });
      toast(`Vault ${vault()} emptied`);
    } catch (error) {
      toast(error.message, true);
    }
  };
  file.addEventListener("change", async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  main.append(
    h("h1", {}, "Import / export"),
    h("div", { class: "bar" }, h("label", {}, "Vault", select)),
    h(
      "div",
      { class: "bar" },
      h("button", { type: "button", id: "export-json", onclick: () => exportAs("json") }, "Export JSON"),
      h(
        "button",
        { type: "button", id: "export-env", class: "quiet", onclick: () => exportAs("env") },
        "Export .env lines",
      ),
      h("button", { type: "button", id: "reset-vault", class: "danger", onclick: reset }, "Reset this vault"),
    ),
    h(
      "label",
      { for: "transfer-text" },
      "Import text: a JSON export replaces the vault; seed JSON or .env lines add the names it lacks",
    ),
    text,
    h(
      "div",
      { class: "bar" },
      h("label", {}, "Or load a file", file),
      h("button", { type: "button", id: "import", onclick: importText }, "Import"),
    ),
  );
  api("vaults").then(
    ({ vaults }) => {
      const wanted = params.get("vault");
      select.append(
        ...vaults.map((entry) =>
          h(
            "option",
            { value: entry.name, selected: wanted ? entry.name === wanted : entry.isDefault },
            entry.name,
          ),
        ),
      );
    },
    (error) => toast(error.message, true),
  );
}
