/**
 * Secret values never printed in messages, through the real CLI: a program whose secret inputs
 * (`pulumi.secret(...)`, secret config) break each kind of rule that quotes a value (base URL,
 * header name, token name, access principal, tag). The preview, and the policy pack on the same
 * mistakes in a @pulumi/datadog program, never show the secret text and still name the property
 * and the rule; with plain inputs the value is still quoted.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { useBackendAndWorkspaces } from "../support/e2e";
import { PulumiWorkspace } from "../support/pulumi";
import { PACK } from "./policy-pack/support";

/** Each secret is unique text, so its absence from the output is meaningful. */
const S = {
  baseUrl: "ftp://hidden-host-one.example/p",
  headerName: "Hidden Header Two",
  tokenName: "hidden token three",
  principal: "user:hidden principal four",
  tag: "env:hidden:tag-five",
};

const CONNECTIONS = (wrap: string) => `import * as pulumi from "@pulumi/pulumi";
import { Connection } from "pulumi-workflow-connections";
const config = new pulumi.Config();
const w = <T>(v: T) => ${wrap};
new Connection("api", {
  name: "api",
  integration: {
    type: "HTTP",
    baseUrl: config.${wrap === "v" ? "require" : "requireSecret"}("baseUrl"),
    tokens: [{ name: w(${JSON.stringify(S.tokenName)}), value: "v" }],
    headers: [{ name: w(${JSON.stringify(S.headerName)}), value: "x" }],
  },
  tags: [w(${JSON.stringify(S.tag)})],
  access: { editor: [w(${JSON.stringify(S.principal)})] },
});
`;

/** The property and rule each message must still name. */
const NAMED = [
  /integration\.baseUrl (\[secret\]|"ftp:[^"]*"): must be an absolute http\(s\) URL/,
  /integration\.headers\[0\]\.name (\[secret\]|"[^"]*"): must start with a letter/,
  /integration\.tokens\[0\]\.name (\[secret\]|"[^"]*"): /,
  /tags\[0\] (\[secret\]|"[^"]*"): exactly one ':' is allowed/,
  /access\.editor\[0\] (\[secret\]|"[^"]*"): the id after "user:"/,
];

function assertHidden(output: string) {
  for (const secret of Object.values(S))
    for (const part of [secret, secret.slice(0, 12), secret.slice(-10)])
      assert.ok(!output.includes(part), `"${part}" of a secret printed:\n${output}`);
}

describe("e2e: secret values are never printed in messages", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();

  it("preview: secret inputs breaking each rule are named with the rule, never shown; plain ones are quoted", async () => {
    const ws = e2e.workspace("secret-messages");
    ws.writeProgram({ "index.ts": CONNECTIONS("pulumi.secret(v)") });
    await ws.init({ baseUrl: { secret: S.baseUrl } });
    const secret = await ws.run(["preview"]);
    assert.notEqual(secret.code, 0, secret.output);
    for (const named of NAMED) assert.match(secret.output, named);
    assert.equal((secret.output.match(/\[secret\]:/g) ?? []).length >= NAMED.length, true, secret.output);
    assertHidden(secret.output);

    const plainWs = e2e.workspace("plain-messages");
    plainWs.writeProgram({ "index.ts": CONNECTIONS("v") });
    await plainWs.init({ baseUrl: S.baseUrl });
    const plain = await plainWs.run(["preview"]);
    assert.notEqual(plain.code, 0, plain.output);
    for (const named of NAMED) assert.match(plain.output, named);
    for (const value of Object.values(S))
      assert.ok(plain.output.includes(JSON.stringify(value).slice(1, -1)), `${value} quoted:\n${plain.output}`);
  });

  it("policy pack: violations about secret values of a @pulumi/datadog program name the property and rule only", async () => {
    const program = (wrap: (v: string) => string) => `import * as pulumi from "@pulumi/pulumi";
import * as datadog from "@pulumi/datadog";
const config = new pulumi.Config();
new datadog.ActionConnection("orders", {
  name: "Orders",
  http: {
    baseUrl: ${wrap('config.require("baseUrl")')},
    tokenAuth: { tokens: [{ name: ${wrap(JSON.stringify(S.tokenName))}, type: "SECRET", value: "v" }] },
  },
  tags: [${wrap(JSON.stringify(S.tag))}],
});
`;
    const run = async (project: string, wrap: (v: string) => string) => {
      const ws = new PulumiWorkspace(project, "dev");
      try {
        const [first, ...rest] = ws.env.PATH!.split(path.delimiter);
        ws.env.PATH = [first, path.join(__dirname, "policy-pack/datadog-double"), ...rest].join(path.delimiter);
        ws.env.DATADOG_DOUBLE_LOG = path.join(ws.root, "creates.jsonl");
        ws.writeProgram({ "index.ts": program(wrap) });
        await ws.init({ baseUrl: S.baseUrl });
        return await ws.run(["preview", "--policy-pack", PACK]);
      } finally {
        ws.cleanup();
      }
    };
    const secret = await run("policy-secret-messages", (v) => `pulumi.secret(${v})`);
    assert.notEqual(secret.code, 0, secret.output);
    assert.match(secret.output, /connection-fields/);
    assert.match(
      secret.output,
      /ActionConnection "orders": http\.baseUrl \[secret\]: must be an absolute http\(s\) URL/,
    );
    assert.match(secret.output, /ActionConnection "orders": tags\[0\] \[secret\]: exactly one ':' is allowed/);
    assert.match(secret.output, /http\.tokenAuth\.tokens\[0\]\.name \[secret\]: /);
    assertHidden(secret.output);

    const plain = await run("policy-plain-messages", (v) => v);
    assert.notEqual(plain.code, 0, plain.output);
    assert.match(plain.output, /tags\[0\] "env:hidden:tag-five": exactly one ':' is allowed/);
    assert.ok(plain.output.includes(S.tokenName), plain.output);
  });
});
