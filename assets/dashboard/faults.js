// Fault rules: add, edit and remove them, and see how often each fired (refreshed every second).
import { api, seg } from "./api.js";
import { field, h, table, toast } from "./dom.js";

const KINDS = [
  "status",
  "latency",
  "reset",
  "hang",
  "truncatedBody",
  "malformedBody",
  "emptyPage",
  "caeChallenge",
];
const OPERATIONS = [
  "",
  "setSecret",
  "getSecret",
  "updateSecret",
  "deleteSecret",
  "getDeletedSecret",
  "purgeDeletedSecret",
  "recoverDeletedSecret",
  "backupSecret",
  "restoreSecret",
  "getSecrets",
  "getSecretVersions",
  "getDeletedSecrets",
];

function describe(rule) {
  const match = [
    rule.method,
    [rule.operation ?? "any operation"].flat().join("|"),
    rule.secretName && `name ${rule.secretName}`,
    rule.vault && `vault ${rule.vault}`,
  ]
    .filter(Boolean)
    .join(", ");
  const action =
    rule.kind === "status"
      ? `${rule.status}${rule.errorCode ? ` ${rule.errorCode}` : ""}`
      : rule.kind === "latency"
        ? `latency ${rule.ms} ms`
        : rule.kind;
  return { match, action };
}

export function faultsPage(main) {
  let editing;
  const list = h("div", { id: "fault-list" });
  const form = h(
    "form",
    { id: "fault-form", onsubmit: (event) => save(event) },
    h(
      "label",
      {},
      "Kind",
      h(
        "select",
        { name: "kind" },
        KINDS.map((kind) => h("option", { value: kind }, kind)),
      ),
    ),
    field("Status", { name: "status", type: "number", min: 100, max: 599, value: 503 }),
    field("Error code", { name: "errorCode" }),
    field("Latency (ms)", { name: "ms", type: "number", min: 0, value: 1000 }),
    h(
      "label",
      {},
      "Operation",
      h(
        "select",
        { name: "operation" },
        OPERATIONS.map((operation) => h("option", { value: operation }, operation || "any")),
      ),
    ),
    field("Secret name", { name: "secretName" }),
    field("Vault", { name: "vault" }),
    field("Times (number or always)", { name: "times", value: "1" }),
    field("From the nth match", { name: "nth", type: "number", min: 1, value: 1 }),
    h("button", { type: "submit", id: "fault-submit" }, "Add rule"),
  );
  let shown = "";
  const refresh = async () => {
    const { rules } = await api("faults");
    // Re-rendered only on a change, so focus on a button survives the polling.
    if (JSON.stringify(rules) === shown) return;
    shown = JSON.stringify(rules);
    list.replaceChildren(
      table(
        `${rules.length} fault rules, in evaluation order`,
        ["Rule", "Matches", "Does", "Times", "Fired", "Actions"],
        rules.map((rule) => {
          const { match, action } = describe(rule);
          return h(
            "tr",
            { "data-rule": rule.id },
            h("th", { scope: "row" }, rule.id),
            h("td", {}, match),
            h("td", {}, action),
            h("td", {}, rule.times ?? 1),
            h("td", { class: "fired" }, rule.firedCount),
            h(
              "td",
              {},
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Edit ${rule.id}`,
                  onclick: () => edit(rule),
                },
                "Edit",
              ),
              " ",
              h(
                "button",
                {
                  class: "danger",
                  type: "button",
                  "aria-label": `Remove ${rule.id}`,
                  onclick: () => remove(rule.id),
                },
                "Remove",
              ),
            ),
          );
        }),
      ),
    );
  };
  const ruleOf = () => {
    const data = new FormData(form);
    const kind = data.get("kind");
    const rule = { kind };
    if (kind === "status") rule.status = Number(data.get("status"));
    if (kind === "status" && data.get("errorCode")) rule.errorCode = data.get("errorCode");
    if (kind === "latency") rule.ms = Number(data.get("ms"));
    for (const name of ["operation", "secretName", "vault"]) if (data.get(name)) rule[name] = data.get(name);
    const times = data.get("times").trim();
    rule.times = times === "always" ? "always" : Number(times);
    if (Number(data.get("nth")) > 1) rule.nth = Number(data.get("nth"));
    return rule;
  };
  const save = async (event) => {
    event.preventDefault();
    try {
      const { id } = await api(editing ? `faults/${seg(editing)}` : "faults", {
        method: editing ? "PUT" : "POST",
        body: ruleOf(),
      });
      toast(editing ? `${editing} replaced by ${id}` : `${id} added`);
      editing = undefined;
      form.querySelector("#fault-submit").textContent = "Add rule";
    } catch (error) {
      toast(error.message, true);
    }
    await refresh();
  };
  const edit = (rule) => {
    editing = rule.id;
    for (const element of form.elements) {
      if (!element.name) continue;
      const value = [rule[element.name]].flat()[0];
      if (value !== undefined) element.value = String(value);
    }
    form.querySelector("#fault-submit").textContent = `Save ${rule.id}`;
    form.querySelector("select").focus();
  };
  const remove = async (id) => {
    try {
      await api(`faults/${seg(id)}`, { method: "DELETE" });
    } catch (error) {
      toast(error.message, true);
    }
    await refresh();
  };
  main.append(h("h1", {}, "Faults"), list, h("h2", {}, "Rule"), form);
  refresh().catch((error) => toast(error.message, true));
  const timer = setInterval(() => refresh().catch(() => undefined), 1000);
  return () => clearInterval(timer);
}
