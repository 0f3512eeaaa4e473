/**
 * The rules' mode: only the provider's check may skip Pulumi's unknown values. PREVIEW is a
 * unique symbol exported by rules/mode alone; the backend never imports it, so whatever a
 * request holds, the backend's rules are strict.
 */
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { connectionIssues, STRICT, UNKNOWN } from "pulumi-workflow-connections-rules";
import * as rules from "pulumi-workflow-connections-rules";
import { PREVIEW, skipsUnknown } from "pulumi-workflow-connections-rules/mode";

const REPO = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    // Build output and installed packages are not the backend's sources.
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

describe("rules: mode", () => {
  it("no backend file imports the preview mode", () => {
    const files = sources(path.join(REPO, "backend"));
    assert.ok(files.length > 20);
    const offenders = files.filter((f) => /rules\/mode|\bPREVIEW\b|skipsUnknown/.test(fs.readFileSync(f, "utf8")));
    assert.deepEqual(offenders, []);
    assert.equal(
      (rules as Record<string, unknown>).PREVIEW,
      undefined,
      "the rules' main entry does not export PREVIEW",
    );
  });
  it("only the PREVIEW symbol itself skips a sentinel; no JSON value or look-alike does", () => {
    const lookAlikes: unknown[] = [
      undefined,
      STRICT,
      "preview",
      "PREVIEW",
      { mode: "preview" },
      Symbol("rules: preview (Pulumi's unknown values skipped)"),
      Symbol.for("preview"),
      JSON.parse('{"description":"preview"}'),
    ];
    for (const mode of lookAlikes) assert.equal(skipsUnknown(mode as never, UNKNOWN), false, String(mode));
    assert.equal(skipsUnknown(PREVIEW, UNKNOWN), true);
    assert.equal(skipsUnknown(PREVIEW, "04DA6B54-80E4-46F7-96EC-B56FF0331BA9"), false, "only the exact sentinel");
    const spec = { name: "c", integration: { type: "AWS", accountId: UNKNOWN, role: "r" } };
    assert.equal(connectionIssues(spec).length, 1);
    assert.equal(connectionIssues(spec, PREVIEW).length, 0);
  });
});
