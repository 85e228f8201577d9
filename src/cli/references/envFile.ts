// Reads .env files the way dotenv and `docker --env-file` users write them: `NAME=value` lines, an optional
// `export `, `#` comments, single quotes (literal), double quotes (with \n, \r, \t, \" and \\ escapes, and
// spanning lines), and unquoted values with a trailing ` # comment` dropped.

/** A problem in an env file, naming the file and line. */
export class EnvFileError extends Error {
  override readonly name = "EnvFileError";
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses the text of an env file.
 * @param label - the file name, for messages.
 * @returns the variables in file order (a later line wins).
 * @throws EnvFileError naming the line that does not parse (never its value).
 */
export function parseEnvFile(text: string, label: string): Map<string, string> {
  const variables = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match || !NAME.test(match[1]!)) {
      throw new EnvFileError(`${label}:${lineNumber}: expected NAME=value`);
    }
    const name = match[1]!;
    let rest = match[2]!;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may span lines until its closing quote.
      let body = rest.slice(1);
      let end = closingQuote(body, quote);
      while (end < 0 && index + 1 < lines.length) {
        body += "\n" + lines[++index]!;
        end = closingQuote(body, quote);
      }
      if (end < 0) throw new EnvFileError(`${label}:${lineNumber}: ${name} has no closing ${quote}`);
      const after = body.slice(end + 1).trim();
      if (after !== "" && !after.startsWith("#")) {
        throw new EnvFileError(`${label}:${lineNumber}: ${name} has text after its closing ${quote}`);
      }
      body = body.slice(0, end);
      variables.set(name, quote === '"' ? unescapeDoubleQuoted(body) : body);
      continue;
    }
    rest = rest.replace(/\s+#.*$/, "");
    variables.set(name, rest.trim());
  }
  return variables;
}

function closingQuote(body: string, quote: string): number {
  for (let index = 0; index < body.length; index++) {
    if (quote === '"' && body[index] === "\\") index++;
    else if (body[index] === quote) return index;
  }
  return -1;
}

function unescapeDoubleQuoted(body: string): string {
  const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
  return body.replace(/\\(.)/g, (whole, char: string) => escapes[char] ?? whole);
}
