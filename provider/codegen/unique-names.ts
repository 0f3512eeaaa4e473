/**
 * Names in a generated program that must not collide: resource names (a second one is a
 * `Duplicate resource URN`), stack config keys (a second one hands one connection's secret to
 * another) and variable names. Each comes from a registry that hands out a name only once,
 * compared without case (config keys and names differing in case alone are a trap), with a
 * counter when the preferred one is taken; `assertAllUnique` checks the finished program again,
 * since an internal error beats a silent collision.
 */

/** ASCII words of a text: "Jira (prod)" -> ["Jira", "prod"]; "日本" -> []. */
export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

export const kebab = (text: string) =>
  words(text)
    .map((w) => w.toLowerCase())
    .join("-");

export const pascal = (text: string) =>
  words(text)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

export const camel = (text: string) => {
  const p = pascal(text);
  return p ? p[0].toLowerCase() + p.slice(1) : "";
};

export class NameRegistry {
  private readonly taken = new Set<string>();

  /** `preferred` if free, else `preferred` + separator + 2, 3, ... (the first free one). */
  claim(preferred: string, separator = "-"): string {
    let name = preferred;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${preferred}${separator}${n}`;
    this.taken.add(name.toLowerCase());
    return name;
  }

  /** Reserve names nothing else may take (a program's own identifiers). */
  reserve(...names: string[]): this {
    for (const n of names) this.taken.add(n.toLowerCase());
    return this;
  }
}

/** Throws (an internal error) when a list holds a name twice, compared without case. */
export function assertAllUnique(what: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase()))
      throw new Error(`internal error: generate produced the ${what} ${JSON.stringify(n)} twice; nothing was written`);
    seen.add(n.toLowerCase());
  }
}
