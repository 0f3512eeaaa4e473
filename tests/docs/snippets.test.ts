/**
 * Every ```ts block of the documents that imports the package compiles, each as a whole file on
 * its own (so it declares everything it uses), against the package's source: the same strict
 * options as the repository, "pulumi-workflow-connections" mapped to provider/index.ts.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import ts from "typescript";
import { REPO, blocks, documents, where } from "./markdown";

const PACKAGE = "pulumi-workflow-connections";

describe("docs: TypeScript snippets compile against the package", function () {
  this.timeout(120_000);
  const snippets = documents()
    .flatMap((doc) => blocks(doc))
    .filter((b) => /^(ts|typescript)$/.test(b.lang) && new RegExp(`from ["']${PACKAGE}["']`).test(b.code));

  it("the documents have snippets to check", () => {
    assert.ok(snippets.length >= 2, `found ${snippets.length}`);
  });

  it("each one type-checks as a whole file", () => {
    // Virtual files in a directory of the repository, so that @pulumi/pulumi resolves from its node_modules.
    const files = new Map(snippets.map((b, i) => [path.join(REPO, ".doc-snippets", `snippet-${i}.ts`), b]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      baseUrl: REPO,
      paths: { [PACKAGE]: ["provider/index.ts"] },
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError) => {
      const block = files.get(path.resolve(name));
      return block ? ts.createSourceFile(name, block.code, version) : getSourceFile(name, version, onError);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
    const program = ts.createProgram([...files.keys()], options, host);

    const problems = [...files].flatMap(([file, block]) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        // The block's own line in its document: the fence, plus the line within the block.
        const line = at ? ` line ${block.line + at.line + 1}` : "";
        return `${where(block)}${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      }),
    );
    assert.deepEqual(problems, []);
  });
});
