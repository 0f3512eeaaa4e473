/**
 * Drift settles after an optional value is removed, for every optional list and field of every
 * integration (the table comes from the catalog and the rules' schemas, so a new optional field
 * is covered without touching this test): declared, `up`, removed from the program, `up`; then
 * `refresh --preview-only` shows no change and a second `up` writes nothing. One stack holds a
 * connection per (integration, credential type, optional field), so each step is one CLI run.
 * A user's own program outside the repository, on the packed package installed by npm.
 */
import { strict as assert } from "node:assert";
import { CATALOG, CredentialDef, IntegrationDef, optionalFields } from "pulumi-workflow-connections-rules";
import { useBackendAndWorkspaces } from "../support/e2e";
import { usePackedPackage } from "../support/packed";

/** A valid value for a field, by its name and kind (the rules only need it well-formed). */
function valueFor(def: IntegrationDef, cred: CredentialDef, field: string): unknown {
  switch (field) {
    case "tokens":
      return [{ name: "apiToken", value: "tok-value" }];
    case "headers":
      return [{ name: "X-Team", value: "support" }];
    case "urlParameters":
      return [{ name: "region", value: "eu" }];
    case "body":
      return { content: '{"a":1}', contentType: "application/json" };
    case "accountId":
      return "123456789012";
    case "role":
      return "workflows";
    case "baseUrl":
      return "https://status.example.com/api";
  }
  return cred.fields[field]?.url ? "acme.example.com" : `${def.type.toLowerCase()}-${field}`;
}

interface Row {
  name: string;
  field: string;
  base: Record<string, unknown>;
  value: unknown;
}

/** One row per optional field of every credential type of every integration. */
function table(): Row[] {
  const rows: Row[] = [];
  for (const def of CATALOG) {
    for (const cred of def.credentials) {
      const base: Record<string, unknown> = { type: def.type };
      if (def.credentials.length > 1) base.credentialType = cred.type;
      const required =
        def.type === "HTTP" ? ["baseUrl"] : Object.keys(cred.fields).filter((f) => cred.fields[f].required);
      for (const f of required) base[f] = valueFor(def, cred, f);
      for (const field of optionalFields(def.type, cred.type))
        rows.push({ name: `${cred.type}-${field}`.toLowerCase(), field, base, value: valueFor(def, cred, field) });
    }
  }
  return rows;
}

describe("e2e: drift settles after an optional value is removed, for every optional field of the catalog", function () {
  this.timeout(1_800_000);
  const e2e = useBackendAndWorkspaces();

  it("declare, up, remove, up: then refresh --preview-only shows no change and a second up writes nothing", async () => {
    const rows = table();
    // The table is the catalog's: HTTP's lists and body, and the catalog's optional fields.
    for (const expected of [
      "httptokenauth-urlparameters",
      "httptokenauth-tokens",
      "httptokenauth-headers",
      "httptokenauth-body",
    ])
      assert.ok(
        rows.some((r) => r.name === expected),
        `${expected} in ${rows.map((r) => r.name).join(", ")}`,
      );
    assert.ok(rows.length > 4, "the catalog's own optional fields too");

    const ws = e2e.workspace("drift-settles");
    usePackedPackage(ws);
    ws.writeProgram({
      "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { Connection } from "pulumi-workflow-connections";
const rows: { name: string; field: string; base: Record<string, unknown>; value: unknown }[] = ${JSON.stringify(rows)};
const declared = new pulumi.Config().require("phase") === "declared";
for (const r of rows)
  new Connection(r.name, { name: r.name, integration: (declared ? { ...r.base, [r.field]: r.value } : r.base) as any });
`,
    });
    await ws.init({ phase: "declared" });
    await ws.must(["up", "--yes", "--skip-preview"]);
    await ws.must(["config", "set", "phase", "removed"]);
    const removed = await ws.must(["up", "--yes", "--skip-preview"]);
    assert.match(removed.output, new RegExp(`${rows.length} updated`), removed.output);

    const refresh = await ws.run(["refresh", "--preview-only", "--diff", "--expect-no-changes"]);
    assert.equal(refresh.code, 0, `refresh shows drift after the removal:\n${refresh.output}`);
    const again = await ws.run(["up", "--yes", "--expect-no-changes", "--refresh"]);
    assert.equal(again.code, 0, `a second up writes:\n${again.output}`);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
