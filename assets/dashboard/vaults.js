// Vaults: the list with their settings and sizes, create (with retention, purge protection, windows),
// change a vault's settings as far as Azure lets a vault change, delete, and reset of one vault or all.
import { api, seg } from "./api.js";
import { field, h, table, toast } from "./dom.js";

/** The service's propagation windows (docs/emulator.md, --realistic). */
const REALISTIC = { deleteDelayMs: 10000, recoverDelayMs: 10000, purgeDelayMs: 20000 };

export function vaultsPage(main) {
  const list = h("div");
  const refresh = async () => {
    const { vaults } = await api("vaults");
    list.replaceChildren(
      table(
        "Vaults of this emulator",
        [
          "Name",
          "URL",
          "Secrets",
          "Deleted",
          "Retention (days)",
          "Purge protection",
          "Windows (ms)",
          "Actions",
        ],
        vaults.map((vault) =>
          h(
            "tr",
            {},
            h(
              "td",
              {},
              h("a", { href: `#/secrets?vault=${seg(vault.name)}` }, vault.name),
              vault.isDefault ? " (default)" : "",
            ),
            h("td", {}, h("code", {}, vault.url)),
            h("td", {}, vault.secrets),
            h("td", {}, h("a", { href: `#/deleted?vault=${seg(vault.name)}` }, vault.deleted)),
            h("td", {}, vault.settings.recoverableDays),
            h("td", {}, vault.settings.purgeProtection ? "on" : "off"),
            h(
              "td",
              {},
              `delete ${vault.settings.deleteDelayMs}, recover ${vault.settings.recoverDelayMs}, purge ${vault.settings.purgeDelayMs}`,
            ),
            h(
              "td",
              {},
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Settings of vault ${vault.name}`,
                  onclick: () => editSettings(vault),
                },
                "Settings",
              ),
              " ",
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Reset vault ${vault.name}`,
                  onclick: () => act(`reset?vault=${seg(vault.name)}`, "POST", `Vault ${vault.name} emptied`),
                },
                "Reset",
              ),
              " ",
              vault.isDefault
                ? null
                : h(
                    "button",
                    {
                      class: "danger",
                      type: "button",
                      "aria-label": `Delete vault ${vault.name}`,
                      onclick: () =>
                        act(`vaults/${seg(vault.name)}`, "DELETE", `Vault ${vault.name} deleted`),
                    },
                    "Delete",
                  ),
            ),
          ),
        ),
      ),
    );
  };
  const act = async (path, method, done) => {
    try {
      await api(path, { method });
      toast(done);
    } catch (error) {
      toast(error.message, true);
    }
    await refresh();
  };
  const editor = h("div", { id: "vault-settings" });
  /** The settings form of one vault: what Azure fixes is shown with the reason, not offered. */
  const editSettings = (vault) => {
    const { settings } = vault;
    const submit = async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const body = {
        deleteDelayMs: Number(form.get("deleteDelayMs")),
        recoverDelayMs: Number(form.get("recoverDelayMs")),
        purgeDelayMs: Number(form.get("purgeDelayMs")),
      };
      if (!settings.purgeProtection && form.get("purgeProtection") === "on") body.purgeProtection = true;
      try {
        await api(`vaults/${seg(vault.name)}`, { method: "PATCH", body });
        toast(`Vault ${vault.name}: settings saved`);
        editor.replaceChildren();
      } catch (error) {
        toast(error.message, true);
      }
      await refresh();
    };
    const windowField = (label, name) =>
      field(label, { name, type: "number", min: 0, step: 1, required: true, value: settings[name] });
    editor.replaceChildren(
      h("h2", { id: "vault-settings-heading" }, `Settings of ${vault.name}`),
      h(
        "form",
        { "aria-labelledby": "vault-settings-heading", onsubmit: submit },
        h(
          "label",
          { class: "check" },
          h("input", {
            type: "checkbox",
            name: "purgeProtection",
            checked: settings.purgeProtection,
            disabled: settings.purgeProtection,
            "aria-describedby": "vault-settings-rules",
          }),
          "Purge protection",
        ),
        windowField("Delete window (ms)", "deleteDelayMs"),
        windowField("Recover window (ms)", "recoverDelayMs"),
        windowField("Purge window (ms)", "purgeDelayMs"),
        h(
          "button",
          {
            class: "quiet",
            type: "button",
            onclick: (event) => {
              const form = event.target.form;
              Object.entries(REALISTIC).forEach(([name, ms]) => (form.elements[name].value = ms));
            },
          },
          "Realistic windows",
        ),
        h("button", { type: "submit" }, "Save settings"),
        h("button", { class: "quiet", type: "button", onclick: () => editor.replaceChildren() }, "Cancel"),
      ),
      h(
        "p",
        { id: "vault-settings-rules", class: "muted" },
        `Retention is ${settings.recoverableDays} days: as in Azure, it is fixed when a vault is created. `,
        settings.purgeProtection
          ? "Purge protection is on: as in Azure, it cannot be turned off. "
          : "Purge protection, once on, cannot be turned off (as in Azure). ",
        "Throttling is emulator-wide, set at start (--throttle, --realistic, --no-throttle).",
      ),
    );
    editor.querySelector("input:not([disabled])").focus();
  };
  const create = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const realistic = form.get("realistic") === "on";
    try {
      await api("vaults", {
        method: "POST",
        body: {
          name: form.get("name"),
          recoverableDays: Number(form.get("days")),
          purgeProtection: form.get("purge") === "on",
          ...(realistic ? REALISTIC : {}),
        },
      });
      toast(`Vault ${form.get("name")} created`);
      event.target.reset();
    } catch (error) {
      toast(error.message, true);
    }
    await refresh();
  };
  main.append(
    h("h1", {}, "Vaults"),
    list,
    editor,
    h("h2", {}, "New vault"),
    h(
      "form",
      { onsubmit: create },
      field("Name (3-24 letters, digits, hyphens)", {
        name: "name",
        required: true,
        pattern: "[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]",
      }),
      field("Retention (days, 7-90)", { name: "days", type: "number", min: 7, max: 90, value: 90 }),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "purge" }), "Purge protection"),
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", name: "realistic" }),
        "Realistic windows (10 s / 10 s / 20 s)",
      ),
      h("button", { type: "submit" }, "Create vault"),
    ),
    h("h2", {}, "Reset"),
    h(
      "p",
      {},
      "Empties every vault and clears fault rules and the request journal; vaults, keys and the clock stay.",
    ),
    h(
      "button",
      { class: "danger", type: "button", onclick: () => act("reset", "POST", "Every vault emptied") },
      "Reset all vaults",
    ),
  );
  refresh().catch((error) => toast(error.message, true));
}
