// The clock (now, advance by, freeze and resume, set) and the events its moves and the vaults' changes
// published, with each webhook delivery's outcome. Both refresh every second.
import { api } from "./api.js";
import { field, h, table, time, toast } from "./dom.js";

const UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Polls `load` every second and calls `render` only when the answer changed; returns the stop. */
function poll(load, render) {
  let shown = "";
  const tick = () =>
    load().then(
      (answer) => {
        const text = JSON.stringify(answer);
        if (text !== shown) render(answer);
        shown = text;
      },
      () => undefined,
    );
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}

export function clockPage(main) {
  const now = h("p", { id: "clock-now", "aria-live": "off" });
  const state = h("p", { id: "clock-state" });
  const change = async (body) => {
    try {
      render(await api("clock", { method: "POST", body }));
    } catch (error) {
      toast(error.message, true);
    }
  };
  const render = (clock) => {
    now.replaceChildren(
      "Emulator time: ",
      h("strong", {}, time(Date.parse(clock.now), true)),
      ` (${clock.now})`,
    );
    state.textContent = clock.frozen ? "The clock is frozen." : "The clock is running.";
  };
  const advance = h(
    "form",
    {
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.target);
        change({ advanceMs: Number(data.get("amount")) * UNITS[data.get("unit")] });
      },
    },
    field("Advance by", { name: "amount", type: "number", value: 1, step: "any", required: true }),
    h(
      "label",
      {},
      "Unit",
      h(
        "select",
        { name: "unit" },
        Object.keys(UNITS).map((unit) => h("option", { value: unit, selected: unit === "days" }, unit)),
      ),
    ),
    h("button", { type: "submit" }, "Advance"),
  );
  main.append(
    h("h1", {}, "Clock"),
    now,
    state,
    h(
      "div",
      { class: "bar" },
      h("button", { type: "button", onclick: () => change({ freeze: true }) }, "Freeze"),
      h("button", { type: "button", onclick: () => change({ freeze: false }) }, "Resume"),
    ),
    advance,
    h(
      "p",
      { class: "muted" },
      "Moving the clock past a secret's expiry publishes SecretNearExpiry (30 days before) and SecretExpired: see Events.",
    ),
  );
  return poll(() => api("clock"), render);
}

export function eventsPage(main) {
  const published = h("div", { id: "events-published" });
  const deliveries = h("div", { id: "events-deliveries" });
  main.append(h("h1", {}, "Events"), published, h("h2", {}, "Webhook deliveries"), deliveries);
  return poll(
    () => api("events"),
    (answer) => {
      published.replaceChildren(
        table(
          `${answer.published.length} events published, newest first`,
          ["Time", "Type", "Vault", "Secret", "Version"],
          [...answer.published]
            .reverse()
            .map((event) =>
              h(
                "tr",
                {},
                h("td", {}, time(Date.parse(event.eventTime), true)),
                h("td", {}, event.eventType.replace("Microsoft.KeyVault.", "")),
                h("td", {}, event.data.VaultName),
                h("td", {}, event.data.ObjectName),
                h("td", {}, h("code", {}, event.data.Version)),
              ),
            ),
        ),
      );
      deliveries.replaceChildren(
        answer.deliveries.length === 0
          ? h(
              "p",
              { class: "muted" },
              "No webhook deliveries (start the emulator with --events-webhook URL).",
            )
          : table(
              `${answer.deliveries.length} deliveries, newest first`,
              ["Time", "Webhook", "Event", "Outcome"],
              [...answer.deliveries]
                .reverse()
                .map((delivery) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, time(delivery.time, true)),
                    h("td", {}, h("code", {}, delivery.url)),
                    h("td", {}, delivery.eventType.replace("Microsoft.KeyVault.", "")),
                    h(
                      "td",
                      { class: delivery.status >= 200 && delivery.status < 300 ? "good" : "bad" },
                      delivery.status ?? delivery.error,
                    ),
                  ),
                ),
            ),
      );
    },
  );
}
