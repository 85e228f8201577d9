// Tiny DOM helpers: h() builds elements (text children are text nodes, so no markup is ever parsed from
// data), and small formatters shared by the pages.

/** Builds an element: `attrs` on* entries are listeners, `false`/`null` attributes are left out. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "value") element.value = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A table with a caption, header cells and rows of cells. */
export function table(caption, headers, rows) {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((name) => h("th", { scope: "col" }, name)),
      ),
    ),
    h("tbody", {}, rows),
  );
}

/** Epoch seconds (or ms with `ms`) as a short local time; "" for none. */
export function time(value, ms = false) {
  if (value === undefined || value === null) return "";
  return new Date(ms ? value : value * 1000).toLocaleString();
}

/** `{k: v}` as "k=v, …". */
export function tagsText(tags) {
  return Object.entries(tags ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}

/** "k=v, k2=v2" as `{k: v, k2: v2}` (undefined for an empty text). */
export function parseTags(text) {
  const entries = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf("=");
      return at < 0 ? [part, ""] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Shows a short message in the live region (errors stay longer). */
export function toast(message, error = false) {
  const line = h("p", { class: error ? "error" : "" }, message);
  document.getElementById("toast").append(line);
  setTimeout(() => line.remove(), error ? 8000 : 3000);
}

/** A labelled input. */
export function field(label, attrs) {
  return h("label", {}, label, h("input", attrs));
}
