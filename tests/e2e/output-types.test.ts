/**
 * Every output of Connection and ConnectionGroup has its declared type in every phase, through
 * the real CLI: preview of a create, up, preview of an update (a tag added, a group member
 * removed), refresh, and an adoption. The program (tests/e2e/programs/output-shapes) checks each
 * output's value against its declared type whenever it is known and fails the run otherwise;
 * this test reads which checks ran (`shape <output>: ok`) and the stack outputs.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { connectionBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult, PulumiWorkspace, REPO } from "../support/pulumi";

const PROGRAM = path.join(REPO, "tests/e2e/programs/output-shapes");
const TOKEN = "tok-SHAPES-4b0e61d2";
const CONNECTION_OUTPUTS = [
  "name",
  "integration",
  "integrationType",
  "tags",
  "externalId",
  "principalId",
  "adoptId",
  "adoptDropsMissing",
  "secretRevisions",
  "access",
];
const GROUP_OUTPUTS = ["name", "integration", "identifierTags", "members", "memberNames", "access"];

/** The outputs whose shape the program checked in this run (known values only). */
function checked(r: CliResult): Set<string> {
  assert.doesNotMatch(r.output, /does not have its declared type/, r.output);
  return new Set([...r.output.matchAll(/shape ([\w.]+): ok/g)].map((m) => m[1]));
}

const all = (resources: string[], group = true) => [
  ...resources.flatMap((r) => CONNECTION_OUTPUTS.map((o) => `${r}.${o}`)),
  ...(group ? GROUP_OUTPUTS.map((o) => `accounts.${o}`) : []),
];

function assertHas(seen: Set<string>, expected: string[], phase: string, r: CliResult) {
  const missing = expected.filter((e) => !seen.has(e));
  assert.deepEqual(missing, [], `${phase}: not known (or not checked): ${missing.join(", ")}\n${r.output}`);
}

describe("e2e: outputs have their declared types in every phase", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();

  it("preview of create, up, preview of update, refresh, adopt", async () => {
    const ws: PulumiWorkspace = e2e.workspace("output-types");
    ws.writeProgram({
      "index.ts": fs.readFileSync(path.join(PROGRAM, "index.ts"), "utf8"),
      "shapes.ts": fs.readFileSync(path.join(PROGRAM, "shapes.ts"), "utf8"),
    });
    await ws.init({ token: { secret: TOKEN } });

    // A resource being created or changed: what the program declares is known at preview (and
    // integrationType, set by check). Never a value of another type: the program would fail.
    const declared = ["name", "integration", "integrationType", "tags"];
    const previewed = (r: string, extra: string[] = []) => [...declared, ...extra].map((o) => `${r}.${o}`);
    const groupPreviewed = ["name", "integration", "identifierTags", "memberNames", "access"].map(
      (o) => `accounts.${o}`,
    );

    const previewCreate = await ws.must(["preview"]);
    const seenCreate = checked(previewCreate);
    assertHas(
      seenCreate,
      [
        ...previewed("aws", ["access"]),
        ...previewed("aws2"),
        ...previewed("http", ["secretRevisions"]),
        ...groupPreviewed,
      ],
      "preview of create",
      previewCreate,
    );
    assert.ok(!seenCreate.has("accounts.members"), "members: unknown while the group is created (never a map)");

    const up = await ws.must(["up", "--yes", "--skip-preview"]);
    assertHas(checked(up), all(["aws", "aws2", "http"]), "up", up);
    // --show-secrets: http's values derive from its secret tokens, so they are secret outputs.
    const outputs = JSON.parse((await ws.must(["stack", "output", "--json", "--show-secrets"])).stdout).shapes;
    assert.equal(outputs.accounts.memberCount, 2);
    assert.equal(outputs.aws.tagCount, 1);
    assert.equal(outputs.http.fieldNames, "baseUrl,headers,tokens,type");

    // A tag added to aws, aws2 removed from the group.
    await ws.must(["config", "set", "variant", "second"]);
    const previewUpdate = await ws.must(["preview", "--diff"]);
    const seenUpdate = checked(previewUpdate);
    // aws2 is unchanged: its outputs are the stored ones, AWS's computed fields included.
    assertHas(
      seenUpdate,
      [
        ...previewed("aws", ["access"]),
        ...previewed("aws2", ["externalId", "principalId"]),
        ...previewed("http", ["secretRevisions"]),
        ...groupPreviewed,
      ],
      "preview of update",
      previewUpdate,
    );
    assert.ok(!seenUpdate.has("accounts.members"), "members: unknown while the group changes (never a map)");
    const up2 = await ws.must(["up", "--yes", "--skip-preview"]);
    assertHas(checked(up2), all(["aws", "aws2", "http"]), "up (update)", up2);
    assert.equal(JSON.parse((await ws.must(["stack", "output", "--json"])).stdout).shapes.accounts.memberCount, 1);

    // refresh rewrites the outputs from the backend; a preview then shows them (nothing changes).
    await ws.must(["refresh", "--yes", "--skip-preview"]);
    const afterRefresh = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(afterRefresh.code, 0, afterRefresh.output);
    assertHas(
      checked(afterRefresh),
      [
        ...previewed("aws", ["access", "externalId", "principalId"]),
        ...previewed("aws2", ["externalId", "principalId"]),
        ...previewed("http", ["secretRevisions"]),
        ...groupPreviewed,
        "accounts.members",
      ],
      "after refresh",
      afterRefresh,
    );

    // Adopting a connection made outside Pulumi.
    const live = await e2e.backend.request(
      "alice",
      "POST",
      "/api/v2/actions/connections",
      connectionBody({
        name: "adopted",
        tags: ["team:ml"],
        integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: "sk-live" } },
      }),
    );
    assert.equal(live.status, 201, JSON.stringify(live.body));
    await ws.must(["config", "set", "adoptId", live.body.data.id]);
    const previewAdopt = await ws.must(["preview"]);
    assertHas(
      checked(previewAdopt),
      previewed("adopted", ["adoptId", "adoptDropsMissing", "secretRevisions"]),
      "preview of an adopt",
      previewAdopt,
    );
    const upAdopt = await ws.must(["up", "--yes", "--skip-preview"]);
    assertHas(checked(upAdopt), all(["aws", "aws2", "http", "adopted"]), "up (adopt)", upAdopt);
    assert.ok(!ws.state().text.includes(TOKEN), "the secret stays encrypted");
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
