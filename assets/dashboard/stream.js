// The live request stream: every request the vaults answered (time, vault, operation, name, status,
// latency, identity, throttled, fault) and every reveal, newest first, with a filter, pause, the SDK call
// that makes such a request, and a per-vault meter of the last 10 seconds against the service's limit.
import { api, openStream } from "./api.js";
import { h, table, time } from "./dom.js";

const SDK_CALLS = {
  setSecret: "client.setSecret(name, value)",
  getSecret: "client.getSecret(name)",
  updateSecret: "client.updateSecretProperties(name, version, …)",
  deleteSecret: "client.beginDeleteSecret(name)",
  getDeletedSecret: "client.getDeletedSecret(name)",
  purgeDeletedSecret: "client.purgeDeletedSecret(name)",
  recoverDeletedSecret: "client.beginRecoverDeletedSecret(name)",
  backupSecret: "client.backupSecret(name)",
  restoreSecret: "client.restoreSecretBackup(blob)",
  getSecrets: "client.listPropertiesOfSecrets()",
  getSecretVersions: "client.listPropertiesOfSecretVersions(name)",
  getDeletedSecrets: "client.listDeletedSecrets()",
};
const MAX_ROWS = 500;
const WINDOW_MS = 10_000;
const LIMIT = 4000;

export function streamPage(main) {
  const entries = [];
  let paused = false;
  const filter = h("input", { id: "stream-filter", type: "search", oninput: () => render() });
  const pause = h(
    "button",
    {
      class: "quiet",
      type: "button",
      "aria-pressed": "false",
      onclick: () => {
        paused = !paused;
        pause.setAttribute("aria-pressed", String(paused));
        pause.textContent = paused ? "Resume" : "Pause";
        if (!paused) render();
      },
    },
    "Pause",
  );
  const body = h("div", { id: "stream-rows" });
  const meter = h("div", { id: "throttle-meter" });

  const text = (entry) =>
    [entry.vault, entry.operation, entry.secretName, entry.status, entry.identity, entry.fault, entry.action]
      .join(" ")
      .toLowerCase();
  const row = (entry) =>
    entry.kind === "admin"
      ? h(
          "tr",
          { class: "admin" },
          h("td", {}, time(entry.time, true)),
          h("td", {}, entry.vault),
          h("td", {}, "reveal (dashboard)"),
          h("td", {}, entry.secretName),
          h("td", {}, "—"),
          h("td", {}, ""),
          h("td", {}, "dashboard"),
          h("td", {}, ""),
          h("td", {}, ""),
          h("td", { class: "hint" }, `value of version ${entry.version.slice(0, 8)}… shown`),
        )
      : h(
          "tr",
          {},
          h("td", {}, time(entry.time, true)),
          h("td", {}, entry.vault ?? ""),
          h("td", {}, entry.operation ?? entry.method),
          h("td", {}, entry.secretName ?? ""),
          h("td", { class: entry.status >= 400 || entry.status === 0 ? "bad" : "good" }, entry.status),
          h("td", {}, `${Math.round(entry.latencyMs)} ms`),
          h("td", {}, entry.identity ?? ""),
          h("td", {}, entry.throttled ? h("span", { class: "bad" }, "throttled") : ""),
          h("td", {}, entry.fault ? h("span", { class: "bad" }, entry.fault) : ""),
          h("td", { class: "hint" }, SDK_CALLS[entry.operation] ?? ""),
        );
  function render() {
    const wanted = filter.value.toLowerCase();
    const shown = entries.filter((entry) => !wanted || text(entry).includes(wanted));
    body.replaceChildren(
      table(
        `${shown.length} of the last ${entries.length} requests, newest first`,
        [
          "Time",
          "Vault",
          "Operation",
          "Name",
          "Status",
          "Latency",
          "Identity",
          "Throttled",
          "Fault",
          "SDK call",
        ],
        shown.map(row),
      ),
    );
  }
  function renderMeter() {
    const since = Date.now() - WINDOW_MS;
    const perVault = new Map();
    for (const entry of entries) {
      if (entry.kind === "admin" || entry.received < since) continue;
      const counts = perVault.get(entry.vault) ?? { all: 0, throttled: 0 };
      counts.all++;
      if (entry.throttled) counts.throttled++;
      perVault.set(entry.vault, counts);
    }
    meter.replaceChildren(
      h("h2", {}, "Throttling meter (last 10 s)"),
      perVault.size === 0
        ? h("p", { class: "muted" }, "No requests in the last 10 seconds.")
        : h(
            "ul",
            {},
            [...perVault].map(([vault, counts]) =>
              h(
                "li",
                {},
                `${vault}: ${counts.all} of ${LIMIT} requests `,
                h("span", { class: "meter", "data-width": Math.min(100, (counts.all / LIMIT) * 100) }),
                counts.throttled ? h("span", { class: "bad" }, ` ${counts.throttled} throttled`) : "",
              ),
            ),
          ),
    );
    for (const bar of meter.querySelectorAll(".meter"))
      bar.style.width = `${Math.max(2, Number(bar.dataset.width))}px`;
  }
  const add = (entry) => {
    entries.unshift({ ...entry, received: Date.now() });
    if (entries.length > MAX_ROWS) entries.pop();
    if (!paused) render();
    renderMeter();
  };
  main.append(
    h("h1", {}, "Request stream"),
    h("div", { class: "bar" }, h("label", {}, "Filter", filter), pause),
    meter,
    body,
  );
  api("journal").then(({ entries: past }) => {
    // The journal's past entries are older than any the stream has brought since: they go below. Their
    // arrival is reckoned back from the newest one (emulator time may be shifted from this clock).
    const newest = Math.max(...past.map((entry) => entry.time));
    for (const entry of past.reverse()) {
      const received = Date.now() - (newest - entry.time);
      entries.push({ ...entry, throttled: entry.status === 429 && !entry.fault, received });
    }
    render();
    renderMeter();
  });
  const stopStream = openStream((_type, data) => add(data));
  renderMeter();
  const timer = setInterval(renderMeter, 1000);
  return () => {
    stopStream();
    clearInterval(timer);
  };
}
