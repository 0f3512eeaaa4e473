/**
 * The repository's documents and their fenced code blocks, for the tests that run the docs:
 * every ```ts block that imports the package is type-checked (snippets.test.ts), every ```sh
 * block is run (commands.test.ts). ```text marks what cannot run here (a Datadog site,
 * placeholders, output samples).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");

export interface Block {
  /** The document, relative to the repository root. */
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** The nearest heading above the block. */
  section: string;
}

/** README.md, then docs/ (sorted), then the other folders' READMEs: the order a reader follows. */
export function documents(root = REPO): string[] {
  const inDocs = (dir: string): string[] =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir), { withFileTypes: true })
          .flatMap((e) =>
            e.isDirectory() ? inDocs(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
          )
          .sort()
      : [];
  const others = ["backend/README.md", "bench/README.md", "scripts/pulumi-cli/README.md"].filter((f) =>
    fs.existsSync(path.join(root, f)),
  );
  return ["README.md", ...inDocs("docs"), ...others];
}

export function blocks(doc: string, root = REPO): Block[] {
  const lines = fs.readFileSync(path.join(root, doc), "utf8").split("\n");
  const out: Block[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++)
      body.push(lines[i].slice(Math.min(indent, lines[i].search(/\S|$/))));
    out.push({ doc, line: start + 1, lang: open[2], code: body.join("\n") + "\n", section });
  }
  return out;
}

export const where = (b: Block) => `${b.doc}:${b.line} (${b.section})`;
