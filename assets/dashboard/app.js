// The dashboard shell: the token, the navigation and a hash router. Each page module renders into <main>
// and returns a function that stops its timers and streams when another page is shown.
import { adminToken, setToken } from "./api.js";
import { h } from "./dom.js";
import { clockPage, eventsPage } from "./clockEvents.js";
import { faultsPage } from "./faults.js";
import { deletedPage, secretsPage } from "./secrets.js";
import { streamPage } from "./stream.js";
import { transferPage } from "./transfer.js";
import { vaultsPage } from "./vaults.js";

const PAGES = [
  ["vaults", "Vaults", vaultsPage],
  ["secrets", "Secrets", secretsPage],
  ["deleted", "Deleted secrets", deletedPage],
  ["stream", "Request stream", streamPage],
  ["faults", "Faults", faultsPage],
  ["clock", "Clock", clockPage],
  ["events", "Events", eventsPage],
  ["transfer", "Import / export", transferPage],
];

let stop = () => undefined;

function route() {
  const main = document.getElementById("main");
  stop();
  stop = () => undefined;
  main.replaceChildren();
  if (!adminToken()) {
    main.append(tokenForm());
    return;
  }
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const page = PAGES.find(([id]) => id === path) ?? PAGES[0];
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.page === page[0]) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${page[1]} · Key Vault emulator`;
  stop = page[2](main, new URLSearchParams(query)) ?? stop;
}

function tokenForm() {
  const input = h("input", { id: "token", type: "password", autocomplete: "off", required: true });
  return h(
    "section",
    {},
    h("h1", {}, "Admin token needed"),
    h("p", {}, "Open the KEYVAULT_EMULATOR_DASHBOARD URL the emulator printed, or paste its token."),
    h(
      "form",
      {
        onsubmit: (event) => {
          event.preventDefault();
          setToken(input.value.trim());
          location.hash = "#/vaults";
          route();
        },
      },
      h("label", {}, "Token", input),
      h("button", { type: "submit" }, "Use token"),
    ),
  );
}

document
  .getElementById("nav")
  .append(...PAGES.map(([id, title]) => h("li", {}, h("a", { href: `#/${id}`, "data-page": id }, title))));
window.addEventListener("hashchange", route);
route();
