/**
 * The package's exported surface is exactly the documented one: the entry points of
 * package.json "exports" and, for each, the names it exports (values and types), against the
 * table "Package entry points" of docs/reference.md. A name exported but not documented (or the
 * reverse) fails here: whatever the package exports is API under semver.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO } from "./markdown";

const NAME = "pulumi-workflow-connections";

/** docs/reference.md's table: entry point ("." or "./x") -> documented names. */
function documented(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(REPO, "docs/reference.md"), "utf8");
  const start = text.indexOf("## Package entry points");
  assert.ok(start >= 0, "docs/reference.md has a section 'Package entry points'");
  const section = text.slice(start, text.indexOf("\n## ", start + 1) >>> 0 || undefined);
  const rows = new Map<string, string[]>();
  for (const line of section.split("\n")) {
    const row = new RegExp(`^\\| \`${NAME}(/[^\`]*)?\`[^|]*\\| (.*) \\|$`).exec(line);
    if (!row) continue;
    const names = [...row[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    rows.set(row[1] ? `.${row[1]}` : ".", names);
  }
  return rows;
}

/** What a module exports, read from its TypeScript source. */
function exportedNames(program: ts.Program, source: string): string[] {
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(source);
  assert.ok(file, `${source} is in the program`);
  const module = checker.getSymbolAtLocation(file);
  assert.ok(module, `${source} is a module`);
  const exportEquals = module.exports?.get(ts.InternalSymbolName.ExportEquals);
  if (!exportEquals) return checker.getExportsOfModule(module).map((s) => s.name);
  // `export = value`: its properties are what `require` gives.
  return checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(exportEquals, file)).map((s) => s.name);
}

describe("docs: the package exports exactly the documented surface", function () {
  this.timeout(120_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  const entries: Record<string, string> = manifest.exports;
  const docs = documented();

  it("the entry points are the documented ones", () => {
    assert.deepEqual(Object.keys(entries).sort(), [...docs.keys()].sort());
  });

  it("each entry point exports exactly the documented names", () => {
    const sources = Object.entries(entries)
      .filter(([, target]) => target.endsWith(".js"))
      .map(
        ([entry, target]) =>
          [entry, path.join(REPO, target.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"))] as const,
      );
    for (const [entry, source] of sources) assert.ok(fs.existsSync(source), `${entry}: its source ${source} exists`);
    const program = ts.createProgram(
      sources.map(([, source]) => source),
      {
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
      },
    );
    for (const [entry, source] of sources) {
      assert.deepEqual(
        exportedNames(program, source).sort(),
        [...(docs.get(entry) ?? [])].sort(),
        `${NAME}${entry.slice(1)} (${path.relative(REPO, source)})`,
      );
    }
  });

  it("the internal entry points resolve by package name, as the serialized shims need", () => {
    for (const entry of Object.keys(entries).filter((e) => e.startsWith("./provider/"))) {
      assert.ok(require.resolve(`${NAME}${entry.slice(1)}`, { paths: [REPO] }), entry);
    }
    const shim = fs.readFileSync(path.join(REPO, "provider/shims/make-shim.ts"), "utf8");
    assert.match(shim, new RegExp(`"${NAME}/provider/runtime"`), "the shims require the runtime entry point");
  });
});
