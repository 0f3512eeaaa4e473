/**
 * docs/reference.md's input tables list every property of the resources' Args types, and
 * nothing else: the properties are read from provider/*.ts with the TypeScript compiler, so an
 * input added to `ConnectionArgs` or `ConnectionGroupArgs` without its row fails here.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO } from "./markdown";

/** The `input` column of the first table under `### \`<resource>\``. */
function documentedInputs(resource: string): string[] {
  const text = fs.readFileSync(path.join(REPO, "docs/reference.md"), "utf8");
  const start = text.indexOf(`### \`${resource}\``);
  assert.ok(start >= 0, `docs/reference.md has a section for ${resource}`);
  const lines = text.slice(start).split("\n").slice(1);
  const from = lines.findIndex((l) => l.startsWith("| input |"));
  assert.ok(from >= 0, `${resource} has an input table`);
  const rows: string[] = [];
  for (const line of lines.slice(from + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(/^\| `([^`]+)`/.exec(line)?.[1] ?? line);
  }
  return rows;
}

/** The property names of an interface exported by a provider source file. */
function argsProperties(program: ts.Program, source: string, name: string): string[] {
  const file = program.getSourceFile(source);
  assert.ok(file, `${source} is in the program`);
  const checker = program.getTypeChecker();
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === name);
  assert.ok(symbol, `${source} exports ${name}`);
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
}

describe("docs: the reference's input tables list every input of the resources", function () {
  this.timeout(120_000);
  const sources = { Connection: "provider/connection.ts", ConnectionGroup: "provider/connection-group.ts" };
  const program = ts.createProgram(
    Object.values(sources).map((s) => path.join(REPO, s)),
    { strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] },
  );

  for (const [resource, source] of Object.entries(sources)) {
    it(`${resource}: the table's rows are ${resource}Args's properties`, () => {
      assert.deepEqual(
        [...documentedInputs(resource)].sort(),
        argsProperties(program, path.join(REPO, source), `${resource}Args`).sort(),
      );
    });
  }
});
