/**
 * The program `pulumi-workflow-connections generate` writes, from connections and groups as the
 * client returns them (secrets blank). The program is compiled and run here against recording
 * stand-ins for the package, so a test sees exactly what it would construct: every hostile text
 * comes back as the same string, nothing else runs, and every name and config key is unique and
 * goes to the right connection. The end-to-end runs are tests/e2e/generate*.test.ts.
 */
import { strict as assert } from "node:assert";
import * as vm from "node:vm";
import * as ts from "typescript";
import type { RemoteConnection, RemoteGroup } from "../../client";
import { generateProgram } from "../../provider/codegen/program";
import { commentText, sourceString, terminalText } from "../../provider/codegen/source-text";
import { BREAKOUTS, hostile, holdsUnsafeText } from "../support/hostile-text";

interface Made {
  kind: "Connection" | "ConnectionGroup";
  name: string;
  args: Record<string, any>;
  opts: unknown;
}

const realm = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Compiles and runs a generated program; what it constructed, and whether anything else ran. */
function runProgram(program: string): { made: Made[]; ranForeignCode: boolean } {
  const js = ts.transpileModule(program, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    reportDiagnostics: true,
  });
  assert.deepEqual(js.diagnostics ?? [], [], "the program parses");
  const made: Made[] = [];
  let ranForeignCode = false;
  const record = (kind: Made["kind"]) =>
    class {
      readonly ref: string;
      constructor(name: string, args: Record<string, any>, opts: unknown) {
        // Out of the program's realm, so deepEqual compares values, not prototypes.
        made.push({ kind, name, args: realm(args), opts: realm(opts) });
        this.ref = `${kind}:${name}`;
      }
    };
  const modules: Record<string, unknown> = {
    "@pulumi/pulumi": {
      Config: class {
        requireSecret: (key: string) => { secret: string } = (key) => ({ secret: key });
      },
    },
    "pulumi-workflow-connections": { Connection: record("Connection"), ConnectionGroup: record("ConnectionGroup") },
  };
  const context = {
    exports: {},
    require: (m: string) => {
      if (m in modules) return modules[m];
      ranForeignCode = true;
      throw new Error(`the program required ${m}`);
    },
    console: { log: () => (ranForeignCode = true) },
    process: { env: {} },
  };
  vm.runInNewContext(js.outputText, context);
  return { made, ranForeignCode };
}

const UUIDS = Array.from({ length: 40 }, (_, i) => `3f6c0b7e-0000-4000-8000-${String(i).padStart(12, "0")}`);

const http = (id: string, name: string, extra: Record<string, unknown> = {}): RemoteConnection => ({
  id,
  name,
  tags: [],
  integration: { type: "HTTP", baseUrl: "https://h.example.com", ...extra },
});

describe("generate: string literals and comments that stay what they are", () => {
  for (const [way, breakout] of Object.entries(BREAKOUTS)) {
    const text = hostile(breakout);
    it(`${way}: sourceString evaluates to the text itself; comments and terminal lines stay one line of safe text`, () => {
      const literal = sourceString(text);
      assert.equal(vm.runInNewContext(literal), text);
      assert.ok(!holdsUnsafeText(literal) && !literal.includes("\n"), literal);
      for (const line of [commentText(text), terminalText(text)]) {
        assert.ok(!holdsUnsafeText(line) && !line.includes("\n"), line);
      }
      assert.ok(!commentText(text).includes("*/"));
    });
  }

  it("readable text stays readable (letters of any script, spaces, punctuation)", () => {
    assert.equal(sourceString('日本 "Jira" (prod) `${x}`'), '"日本 \\"Jira\\" (prod) `${x}`"');
    assert.equal(commentText("a\u2028b\u001b[31m c"), "a\\u2028b\\u001B[31m c");
  });

  it("a program from a target whose every text is hostile: parses, constructs exactly that data, runs nothing else", () => {
    const ways = Object.values(BREAKOUTS);
    const connections: RemoteConnection[] = ways.map((b, i) => ({
      id: UUIDS[i],
      name: hostile(b, "name"),
      tags: [hostile(b, "tag")],
      integration: {
        type: "HTTP",
        baseUrl: `https://h.example.com/${hostile(b, "url")}`,
        tokens: [{ name: hostile(b, "token"), value: "" }],
        headers: [{ name: hostile(b, "header"), value: hostile(b, "value") }],
        urlParameters: [{ name: hostile(b, "param"), value: hostile(b, "pvalue") }],
        body: { content: hostile(b, "body"), contentType: hostile(b, "ctype") },
      },
    }));
    const groups: RemoteGroup[] = [
      {
        id: UUIDS[39],
        name: hostile("\u2028", "group"),
        description: hostile("*/\n", "description"),
        integration: "HTTP",
        identifierTags: [hostile("\u202e", "key")],
        members: connections.map((c) => c.id),
      },
    ];
    const { program, secrets } = generateProgram(connections, `http://127.0.0.1:1/${hostile("\n", "src")}`, groups);
    assert.ok(!holdsUnsafeText(program), "no raw control, format or separator character");
    for (const line of program.split("\n").filter((l) => l.startsWith("//")))
      assert.ok(!line.includes("*/"), `comment line ${line}`);
    const { made, ranForeignCode } = runProgram(program);
    assert.equal(ranForeignCode, false, "nothing but the resources ran");
    const built = made.filter((m) => m.kind === "Connection");
    assert.equal(built.length, connections.length);
    for (const [i, c] of connections.entries()) {
      const { args, opts } = built[i];
      assert.deepEqual(opts, { protect: true });
      assert.equal(args.adoptId, c.id);
      assert.equal(args.name, c.name);
      assert.deepEqual(args.tags, c.tags);
      const spec = c.integration as any;
      assert.equal(args.integration.baseUrl, spec.baseUrl);
      assert.deepEqual(args.integration.headers, spec.headers);
      assert.deepEqual(args.integration.urlParameters, spec.urlParameters);
      assert.deepEqual(args.integration.body, spec.body);
      assert.equal(args.integration.tokens[0].name, spec.tokens[0].name);
    }
    const [group] = made.filter((m) => m.kind === "ConnectionGroup");
    assert.deepEqual(
      { ...group.args, members: group.args.members.map((m: { ref: string }) => m.ref) },
      {
        adoptId: groups[0].id,
        name: groups[0].name,
        description: groups[0].description,
        integration: "HTTP",
        identifierTags: groups[0].identifierTags,
        members: built.map((b) => `Connection:${b.name}`),
      },
    );
    assert.deepEqual(group.opts, { protect: true });
    for (const s of secrets) assert.ok(!holdsUnsafeText(s.what) && !s.what.includes("\n"), s.what);
  });

  const badIds: [string, string][] = [
    ["newline", `${UUIDS[0]}\n${hostile("")}`],
    ["U+2028", `${UUIDS[0]}\u2028x`],
    ["quote", `${UUIDS[0]}"+x+"`],
    ["not a UUID", "conn-1"],
    ["empty", ""],
  ];
  for (const [what, id] of badIds) {
    it(`an id that is not a UUID (${what}) is refused, naming the connection, before anything is written`, () => {
      assert.throws(
        () => generateProgram([http(UUIDS[1], "fine"), http(id, "Jira\u202e (prod)")], "x"),
        (err: Error) =>
          /^connection "Jira\\u202E \(prod\)": the target gave the id ".*", which is not a UUID/.test(err.message) &&
          !holdsUnsafeText(err.message),
      );
    });
  }

  it("a group member that is not a UUID is refused, naming the group", () => {
    assert.throws(
      () =>
        generateProgram([], "x", [
          { id: UUIDS[2], name: "g", integration: "AWS", identifierTags: ["a"], members: ["x\ny"] },
        ]),
      /a member of connection group "g" \(3f6c0b7e-0000-4000-8000-000000000002\): the target gave the id "x\\u000Ay"/,
    );
  });
});

describe("generate: every resource name and config key unique, each secret to its own connection", () => {
  const cases: { title: string; connections: RemoteConnection[]; names: string[] }[] = [
    {
      title: "a, a, a 2",
      connections: [http(UUIDS[0], "a"), http(UUIDS[1], "a"), http(UUIDS[2], "a 2")],
      names: ["a", "a-2", "a-2-2"],
    },
    {
      title: "日本, 日本, connection 2 (names without ASCII letters)",
      connections: [http(UUIDS[0], "日本"), http(UUIDS[1], "日本"), http(UUIDS[2], "connection 2")],
      names: ["connection", "connection-2", "connection-2-2"],
    },
    {
      title: "Jira, Jira, Jira2: the second Jira and Jira2",
      connections: ["Jira", "Jira", "Jira2"].map((n, i) =>
        http(UUIDS[i], n, { tokens: [{ name: "apiToken", value: "" }] }),
      ),
      names: ["jira", "jira-2", "jira2"],
    },
    {
      title: "tokens apiToken, ApiToken, api_token and api-token of one connection",
      connections: [
        http(UUIDS[0], "one", {
          tokens: ["apiToken", "ApiToken", "api_token", "api-token"].map((name) => ({ name, value: "" })),
        }),
        http(UUIDS[1], "One"),
      ],
      names: ["one", "one-2"],
    },
    {
      title: "names that differ in case or punctuation only; secrets of a credential catalog",
      connections: [
        { id: UUIDS[0], name: "Open AI", tags: [], integration: { type: "OpenAI", apiToken: "" } },
        { id: UUIDS[1], name: "open-ai", tags: [], integration: { type: "OpenAI", apiToken: "" } },
        { id: UUIDS[2], name: "OPEN_AI", tags: [], integration: { type: "OpenAI", apiToken: "" } },
      ],
      names: ["open-ai", "open-ai-2", "open-ai-3"],
    },
  ];
  for (const { title, connections, names } of cases) {
    it(title, () => {
      const { program, secrets } = generateProgram(connections, "x");
      const { made } = runProgram(program);
      assert.deepEqual(
        made.map((m) => m.name),
        names,
      );
      const keys = secrets.map((s) => s.key);
      assert.equal(new Set(keys.map((k) => k.toLowerCase())).size, keys.length, `unique keys: ${keys.join(" ")}`);
      // Each key the program reads belongs to the connection the printed line names.
      const readBy = new Map<string, string>();
      for (const m of made) {
        const integration = m.args.integration;
        const reads = [
          ...(integration.tokens ?? []).map((t: { value: { secret: string } }) => t.value.secret),
          ...Object.values(integration)
            .filter((v): v is { secret: string } => typeof v === "object" && v !== null && "secret" in v)
            .map((v) => v.secret),
        ];
        for (const key of reads) {
          assert.ok(!readBy.has(key), `${key} read once`);
          readBy.set(key, m.args.adoptId);
        }
      }
      assert.deepEqual([...readBy.keys()].sort(), [...keys].sort());
      for (const s of secrets) {
        const c = connections.find((x) => x.id === readBy.get(s.key))!;
        assert.ok(s.what.includes(`connection ${c.id} ${sourceString(c.name)} (`), s.what);
        assert.ok(program.includes(`//   pulumi config set --secret ${s.key}   # ${s.what}`), s.key);
      }
    });
  }

  it("the printed line says the field, the connection's id and name, and its base URL", () => {
    const { secrets } = generateProgram(
      [http(UUIDS[0], "Jira (prod)", { tokens: [{ name: "apiToken", value: "" }] })],
      "x",
    );
    assert.deepEqual(secrets, [
      {
        key: "jira-prod.tokenApiToken",
        what: `token "apiToken" of connection ${UUIDS[0]} "Jira (prod)" (HTTP, base URL "https://h.example.com")`,
      },
    ]);
  });

  it("credential fields, literals, protect, and no config when there is no secret", () => {
    const { program, secrets } = generateProgram(
      [
        {
          id: UUIDS[0],
          name: "Cloudflare (prod)",
          tags: ["env:prod"],
          integration: {
            type: "Cloudflare",
            credentialType: "CloudflareGlobalAPIToken",
            authEmail: "ops@example.com",
            globalApiKey: "",
          },
        },
      ],
      "x",
    );
    assert.match(
      program,
      /credentialType: "CloudflareGlobalAPIToken",\n\s+authEmail: "ops@example.com",\n\s+globalApiKey: config\.requireSecret\("cloudflare-prod\.globalApiKey"\),/,
    );
    assert.match(program, /\}, \{ protect: true \}\);/);
    assert.match(program, /pulumi state unprotect/);
    assert.deepEqual(
      secrets.map((s) => s.key),
      ["cloudflare-prod.globalApiKey"],
    );
    const plain = generateProgram(
      [http(UUIDS[1], "h", { body: { content: "{}", contentType: "application/json" } })],
      "x",
    );
    assert.deepEqual(plain.secrets, []);
    assert.doesNotMatch(plain.program, /pulumi\.Config|@pulumi\/pulumi/);
    assert.match(plain.program, /body: \{ content: "\{\}", contentType: "application\/json" \},/);
  });

  it("variables for group members avoid reserved words and each other", () => {
    const connections = ["new", "config", "Connection", "New"].map((n, i) => http(UUIDS[i], n));
    const { program } = generateProgram(connections, "x", [
      { id: UUIDS[9], name: "g", integration: "HTTP", identifierTags: ["k"], members: connections.map((c) => c.id) },
    ]);
    const { made } = runProgram(program);
    assert.equal(made.length, 5);
    assert.deepEqual(
      made[4].args.members.map((m: { ref: string }) => m.ref),
      made.slice(0, 4).map((m) => `Connection:${m.name}`),
    );
  });
});
