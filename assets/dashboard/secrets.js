// A vault's secrets, a page at a time (filter by name and tag), values masked until an explicit reveal of
// that one value; versions, attributes and tags; create, new version, enable/disable, edit a version's
// attributes and tags, delete. And the vault's deleted secrets with recover and purge.
import { api, openStream, seg } from "./api.js";
import { field, h, parseTags, table, tagsText, time, toast } from "./dom.js";

const MUTATIONS = new Set([
  "setSecret",
  "updateSecret",
  "deleteSecret",
  "recoverDeletedSecret",
  "purgeDeletedSecret",
  "restoreSecret",
]);

/** Reloads a page (debounced) when the stream shows a successful change to the vault; returns the stop. */
function followChanges(vaultOf, reload) {
  let timer;
  const stopStream = openStream((type, entry) => {
    if (
      type !== "request" ||
      entry.vault !== vaultOf() ||
      !MUTATIONS.has(entry.operation) ||
      entry.status >= 300
    )
      return;
    clearTimeout(timer);
    timer = setTimeout(reload, 100);
  });
  return () => {
    stopStream();
    clearTimeout(timer);
  };
}

async function vaultPicker(params, page) {
  const { vaults } = await api("vaults");
  const current = params.get("vault") ?? vaults.find((vault) => vault.isDefault).name;
  const select = h(
    "select",
    { id: "vault", onchange: () => (location.hash = `#/${page}?vault=${seg(select.value)}`) },
    vaults.map((vault) => h("option", { value: vault.name, selected: vault.name === current }, vault.name)),
  );
  return { vault: current, picker: h("label", {}, "Vault", select) };
}

/** Epoch seconds as a `datetime-local` input's value (local time, to the minute); "" for none. */
function localInput(seconds) {
  if (seconds === undefined || seconds === null) return "";
  const date = new Date(seconds * 1000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A `datetime-local` value as epoch seconds. */
const epochSeconds = (text) => Math.floor(new Date(text).getTime() / 1000);

/** A masked value cell: Reveal fetches that one value; Copy puts it on the clipboard. */
function valueCell(vault, name, version) {
  const cell = h("td", { class: "value" });
  const masked = () =>
    cell.replaceChildren(
      h("span", { class: "masked", "aria-label": "value hidden" }, "••••••"),
      " ",
      h(
        "button",
        { class: "quiet", type: "button", "aria-label": `Reveal value of ${name}`, onclick: reveal },
        "Reveal",
      ),
    );
  async function reveal() {
    try {
      const query = version ? `?version=${seg(version)}` : "";
      const { value } = await api(`vaults/${seg(vault)}/secrets/${seg(name)}/reveal${query}`, {
        method: "POST",
      });
      cell.replaceChildren(
        h("code", {}, value),
        " ",
        h(
          "button",
          {
            class: "quiet",
            type: "button",
            onclick: () =>
              navigator.clipboard.writeText(value).then(
                () => toast("Copied"),
                () => toast("Copy refused", true),
              ),
          },
          "Copy",
        ),
        " ",
        h("button", { class: "quiet", type: "button", onclick: masked }, "Hide"),
      );
    } catch (error) {
      toast(error.message, true);
    }
  }
  masked();
  return cell;
}

export function secretsPage(main, params) {
  let vault;
  let cursors = [undefined];
  const nameFilter = h("input", { id: "filter-name", type: "search" });
  const tagFilter = h("input", { id: "filter-tag", type: "search", placeholder: "key or key=value" });
  const list = h("div", { id: "secret-list" });
  const details = h("div", { id: "secret-details" });

  const load = async () => {
    const query = new URLSearchParams({ top: "50" });
    if (nameFilter.value) query.set("name", nameFilter.value);
    if (tagFilter.value) query.set("tag", tagFilter.value);
    const after = cursors[cursors.length - 1];
    if (after) query.set("after", after);
    const page = await api(`vaults/${seg(vault)}/secrets?${query}`);
    list.replaceChildren(
      table(
        `${page.total} secrets in ${vault} (page ${cursors.length})`,
        ["Name", "Value", "Enabled", "Content type", "Tags", "Updated", "Expires", "Versions", "Actions"],
        page.items.map((secret) =>
          h(
            "tr",
            { "data-name": secret.name },
            h("th", { scope: "row" }, secret.name),
            valueCell(vault, secret.name),
            h("td", {}, secret.enabled ? "yes" : h("span", { class: "bad" }, "disabled")),
            h("td", {}, secret.contentType ?? ""),
            h("td", {}, tagsText(secret.tags)),
            h("td", {}, time(secret.updated)),
            h("td", {}, time(secret.exp)),
            h("td", {}, secret.versionCount),
            h(
              "td",
              {},
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Versions of ${secret.name}`,
                  onclick: () => showDetails(secret.name),
                },
                "Versions",
              ),
              " ",
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `${secret.enabled ? "Disable" : "Enable"} ${secret.name}`,
                  onclick: () =>
                    patch(secret.name, secret.version, { attributes: { enabled: !secret.enabled } }),
                },
                secret.enabled ? "Disable" : "Enable",
              ),
              " ",
              h(
                "button",
                {
                  class: "danger",
                  type: "button",
                  "aria-label": `Delete ${secret.name}`,
                  onclick: () => remove(secret.name),
                },
                "Delete",
              ),
            ),
          ),
        ),
      ),
      h(
        "div",
        { class: "bar" },
        h(
          "button",
          {
            class: "quiet",
            type: "button",
            disabled: cursors.length === 1,
            onclick: () => (cursors.pop(), load()),
          },
          "Previous page",
        ),
        h(
          "button",
          {
            class: "quiet",
            type: "button",
            disabled: !page.next,
            onclick: () => (cursors.push(page.next), load()),
          },
          "Next page",
        ),
      ),
    );
  };
  const reload = () => load().catch((error) => toast(error.message, true));
  const patch = async (name, version, body) => {
    try {
      await api(`vaults/${seg(vault)}/secrets/${seg(name)}/versions/${seg(version)}`, {
        method: "PATCH",
        body,
      });
    } catch (error) {
      toast(error.message, true);
    }
    await reload();
    if (details.dataset.name === name) await showDetails(name);
  };
  const remove = async (name) => {
    try {
      await api(`vaults/${seg(vault)}/secrets/${seg(name)}`, { method: "DELETE" });
      toast(`${name} deleted (recoverable under Deleted secrets)`);
    } catch (error) {
      toast(error.message, true);
    }
    details.replaceChildren();
    await reload();
  };
  const editor = h("div", { id: "version-edit" });
  const showDetails = async (name) => {
    const secret = await api(`vaults/${seg(vault)}/secrets/${seg(name)}`);
    details.dataset.name = name;
    editor.replaceChildren();
    details.replaceChildren(
      h("h2", { tabindex: "-1" }, `Versions of ${secret.name}`),
      table(
        `${secret.versions.length} versions, newest first`,
        ["Version", "Value", "Enabled", "Created", "Not before", "Expires", "Tags", "Actions"],
        secret.versions.map((version) =>
          h(
            "tr",
            {},
            h("td", {}, h("code", {}, version.version)),
            valueCell(vault, secret.name, version.version),
            h("td", {}, version.enabled ? "yes" : "no"),
            h("td", {}, time(version.created)),
            h("td", {}, time(version.nbf)),
            h("td", {}, time(version.exp)),
            h("td", {}, tagsText(version.tags)),
            h(
              "td",
              {},
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  onclick: () =>
                    patch(secret.name, version.version, { attributes: { enabled: !version.enabled } }),
                },
                version.enabled ? "Disable" : "Enable",
              ),
              " ",
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Edit version ${version.version} of ${secret.name}`,
                  onclick: () => editVersion(secret.name, version),
                },
                "Edit",
              ),
            ),
          ),
        ),
      ),
      editor,
    );
  };
  /** A form for one version's attributes and tags; it sends only what was changed (PATCH keeps the rest). */
  const editVersion = (name, version) => {
    const before = {
      contentType: version.contentType ?? "",
      tags: tagsText(version.tags),
      nbf: localInput(version.nbf),
      exp: localInput(version.exp),
    };
    const submit = async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const body = { attributes: { enabled: form.get("enabled") === "on" } };
      if (form.get("contentType") !== before.contentType) body.contentType = form.get("contentType");
      if (form.get("tags") !== before.tags) body.tags = parseTags(form.get("tags")) ?? {};
      for (const date of ["nbf", "exp"]) {
        const text = form.get(date);
        if (text && text !== before[date]) body.attributes[date] = epochSeconds(text);
      }
      try {
        await api(`vaults/${seg(vault)}/secrets/${seg(name)}/versions/${seg(version.version)}`, {
          method: "PATCH",
          body,
        });
        toast(`${name}: version updated`);
      } catch (error) {
        return toast(error.message, true);
      }
      await reload();
      await showDetails(name);
      details.querySelector("h2").focus();
    };
    const heading = `Edit version ${version.version.slice(0, 8)}… of ${name}`;
    editor.replaceChildren(
      h("h3", { id: "version-edit-heading" }, heading),
      h(
        "form",
        { "aria-labelledby": "version-edit-heading", onsubmit: submit },
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "enabled", checked: version.enabled }),
          "Enabled",
        ),
        field("Content type", { name: "contentType", value: before.contentType }),
        field("Tags (k=v, k2=v2; empty removes all)", { name: "tags", value: before.tags }),
        field("Not before", { name: "nbf", type: "datetime-local", value: before.nbf }),
        field("Expires", { name: "exp", type: "datetime-local", value: before.exp }),
        h("button", { type: "submit" }, "Save version"),
        h("button", { class: "quiet", type: "button", onclick: () => editor.replaceChildren() }, "Cancel"),
        h("p", { class: "muted" }, "An emptied date stays as it was: a PATCH keeps what it is not given."),
      ),
    );
    editor.querySelector("input").focus();
  };
  const save = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const expires = form.get("exp");
    const body = {
      value: form.get("value"),
      contentType: form.get("contentType") || undefined,
      tags: parseTags(form.get("tags")),
      attributes: expires ? { exp: Math.floor(new Date(expires).getTime() / 1000) } : undefined,
    };
    try {
      await api(`vaults/${seg(vault)}/secrets/${seg(form.get("name"))}`, { method: "PUT", body });
      toast(`${form.get("name")}: new version set`);
      event.target.reset();
    } catch (error) {
      toast(error.message, true);
    }
    await reload();
  };

  vaultPicker(params, "secrets")
    .then(({ vault: chosen, picker }) => {
      vault = chosen;
      const filter = () => ((cursors = [undefined]), reload());
      main.append(
        h("h1", {}, "Secrets"),
        h(
          "form",
          { class: "bar", role: "search", onsubmit: (event) => (event.preventDefault(), filter()) },
          picker,
          h("label", {}, "Name contains", nameFilter),
          h("label", {}, "Tag", tagFilter),
          h("button", { type: "submit" }, "Filter"),
        ),
        list,
        details,
        h("h2", {}, "Set a secret (creates it, or adds a new version)"),
        h(
          "form",
          { onsubmit: save },
          field("Name", { name: "name", required: true, pattern: "[0-9A-Za-z-]{1,127}" }),
          field("Value", { name: "value", type: "password", required: true, autocomplete: "off" }),
          field("Content type", { name: "contentType" }),
          field("Tags (k=v, k2=v2)", { name: "tags" }),
          field("Expires", { name: "exp", type: "datetime-local" }),
          h("button", { type: "submit" }, "Set secret"),
        ),
      );
      return load();
    })
    .catch((error) => toast(error.message, true));
  return followChanges(() => vault, reload);
}

export function deletedPage(main, params) {
  let vault;
  const list = h("div", { id: "deleted-list" });
  const load = async () => {
    const page = await api(`vaults/${seg(vault)}/deleted?top=500`);
    list.replaceChildren(
      table(
        `${page.total} deleted secrets in ${vault}`,
        ["Name", "Deleted", "Scheduled purge", "Versions", "Actions"],
        page.items.map((secret) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, secret.name),
            h("td", {}, time(secret.deletedDate)),
            h("td", {}, time(secret.scheduledPurgeDate)),
            h("td", {}, secret.versionCount),
            h(
              "td",
              {},
              h(
                "button",
                {
                  class: "quiet",
                  type: "button",
                  "aria-label": `Recover ${secret.name}`,
                  onclick: () =>
                    act(`deleted/${seg(secret.name)}/recover`, "POST", `${secret.name} recovered`),
                },
                "Recover",
              ),
              " ",
              h(
                "button",
                {
                  class: "danger",
                  type: "button",
                  "aria-label": `Purge ${secret.name}`,
                  onclick: () => act(`deleted/${seg(secret.name)}`, "DELETE", `${secret.name} purged`),
                },
                "Purge",
              ),
            ),
          ),
        ),
      ),
    );
  };
  const act = async (path, method, done) => {
    try {
      await api(`vaults/${seg(vault)}/${path}`, { method });
      toast(done);
    } catch (error) {
      toast(error.message, true);
    }
    await load();
  };
  vaultPicker(params, "deleted")
    .then(({ vault: chosen, picker }) => {
      vault = chosen;
      main.append(h("h1", {}, "Deleted secrets"), h("div", { class: "bar" }, picker), list);
      return load();
    })
    .catch((error) => toast(error.message, true));
  return followChanges(
    () => vault,
    () => load().catch((error) => toast(error.message, true)),
  );
}
