/**
 * The outputs' declared types, checked by the compiler: the program that the output-types e2e
 * test runs (tests/e2e/programs/output-shapes) and ./declared-types.ts (including lines that
 * must not compile) are type-checked against the built package, as a user's program is.
 * Needs `npm run build` first (the package's types are dist/provider/index.d.ts).
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import ts from "typescript";
import { REPO } from "../support/pulumi";

describe("types: every output is used with its declared type", () => {
  it("the output-types program and the declared-type facts compile under strict TypeScript", function () {
    this.timeout(120_000);
    const files = [
      path.join(REPO, "tests/e2e/programs/output-shapes/index.ts"),
      path.join(REPO, "tests/types/declared-types.ts"),
    ];
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          ts.flattenDiagnosticMessageText(d.messageText, "\n") +
          (d.file ? ` (${path.relative(REPO, d.file.fileName)})` : ""),
      );
    assert.deepEqual(diagnostics, []);
    // The package's own types, not a copy: the import resolves to the built declarations.
    const resolved = ts.resolveModuleName(
      "pulumi-workflow-connections",
      files[1],
      { moduleResolution: ts.ModuleResolutionKind.Node10 },
      ts.sys,
    ).resolvedModule;
    assert.match(resolved?.resolvedFileName ?? "", /dist\/provider\/index\.d\.ts$/);
  });
});
