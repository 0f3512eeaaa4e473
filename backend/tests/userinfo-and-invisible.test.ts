/**
 * Through the API, on both engines: user information in a URL or host field and invisible
 * characters in any stored text are refused with a 400 in Datadog's JSON:API error shape that
 * names the field, echoes neither the password nor the raw character, and nothing is written
 * (the same rows and values read back, as the writer and as another user).
 */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  TestBackend,
  awsConnection,
  connectionBody,
  groupBody,
  startTestBackend,
} from "../../tests/support/backend";

const PASSWORD = "S3CR3T-pw-never-echoed";

interface Row {
  title: string;
  method: "POST" | "PATCH";
  target: "conns" | "conn" | "groups" | "group";
  body: unknown;
  pointer: RegExp;
  detail: RegExp;
  noEcho: string[];
}

const http = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  connectionBody({
    name: "u",
    integration: { type: "HTTP", base_url: baseUrl, credentials: { type: "HTTPTokenAuth", ...extra } },
  });
const patchUrl = (baseUrl: string) => connectionBody({ integration: { type: "HTTP", base_url: baseUrl } });

const URLS = [
  `https://svc:${PASSWORD}@api.example.com/v1`,
  "https://svc@api.example.com",
  "https://svc:@api.example.com",
  `https://:${PASSWORD}@api.example.com`,
  `https://svc%3A${PASSWORD}@api.example.com`,
  `HTTPS://SVC:${PASSWORD}@API.EXAMPLE.COM`,
  `https://svc:${PASSWORD}@[::1]:8443/`,
  `https:\\\\svc:${PASSWORD}@api.example.com`,
  `ftp://svc:${PASSWORD}@api.example.com`,
];
const INVISIBLE: [string, string][] = [
  ["U+200B", "\u200b"],
  ["U+2060", "\u2060"],
  ["U+00AD", "\u00ad"],
  ["U+3164", "\u3164"],
  ["U+180E", "\u180e"],
  ["U+FFF9", "\ufff9"],
  ["U+E0041", "\u{e0041}"],
  ["U+115F", "\u115f"],
];

const ROWS: Row[] = [
  ...URLS.map((url): Row => ({
    title: `POST base_url ${url.replace(PASSWORD, "<pw>")}`,
    method: "POST",
    target: "conns",
    body: http(url),
    pointer: /^\/data\/attributes\/integration\/base_url$/,
    detail: /must not contain a user name or password/,
    noEcho: [PASSWORD, "svc", "SVC"],
  })),
  ...URLS.slice(0, 3).map((url): Row => ({
    title: `PATCH base_url ${url.replace(PASSWORD, "<pw>")}`,
    method: "PATCH",
    target: "conn",
    body: patchUrl(url),
    pointer: /base_url$/,
    detail: /must not contain a user name or password .*tokens/,
    noEcho: [PASSWORD, "svc"],
  })),
  {
    title: "Okta domain with user information",
    method: "POST",
    target: "conns",
    body: connectionBody({
      name: "o",
      integration: {
        type: "Okta",
        credentials: { type: "OktaAPIToken", domain: `admin:${PASSWORD}@corp.okta.com`, api_token: "t" },
      },
    }),
    pointer: /domain$/,
    detail: /must not contain a user name or password/,
    noEcho: [PASSWORD],
  },
  ...INVISIBLE.flatMap(([cp, ch]): Row[] => [
    {
      title: `${cp} in a connection name`,
      method: "POST",
      target: "conns",
      body: awsConnection(`dup${ch}name`),
      pointer: /\/name$/,
      detail: new RegExp(`invisible .*\\(${cp.replace("+", "\\+")}\\)`),
      noEcho: [ch],
    },
    {
      title: `${cp} in a renamed connection`,
      method: "PATCH",
      target: "conn",
      body: connectionBody({ name: `dup${ch}` }),
      pointer: /\/name$/,
      detail: /invisible/,
      noEcho: [ch],
    },
    {
      title: `${cp} in a header value`,
      method: "POST",
      target: "conns",
      body: http("https://a.example", { headers: [{ name: "X", value: `v${ch}` }] }),
      pointer: /headers\/0\/value$/,
      detail: /invisible/,
      noEcho: [ch],
    },
    {
      title: `${cp} in a header name (quoted, escaped)`,
      method: "POST",
      target: "conns",
      body: http("https://a.example", { headers: [{ name: `X${ch}`, value: "v" }] }),
      pointer: /headers\/0\/name$/,
      detail: /must start with a letter/,
      noEcho: [ch],
    },
    {
      title: `${cp} in a token value`,
      method: "POST",
      target: "conns",
      body: http("https://a.example", { tokens: [{ name: "t", type: "SECRET", value: `${PASSWORD}${ch}` }] }),
      pointer: /tokens\/0\/value$/,
      detail: /invisible/,
      noEcho: [ch, PASSWORD],
    },
    {
      title: `${cp} in a group name`,
      method: "POST",
      target: "groups",
      body: groupBody({ name: `g${ch}`, integration_type: "AWS", tag_keys: ["env"], connections: [] }),
      pointer: /\/name$/,
      detail: /invisible/,
      noEcho: [ch],
    },
    {
      title: `${cp} in a renamed group`,
      method: "PATCH",
      target: "group",
      body: groupBody({ name: `g${ch}` }),
      pointer: /\/name$/,
      detail: /invisible/,
      noEcho: [ch],
    },
  ]),
];

describe("backend: user information in URLs, invisible characters", function () {
  this.timeout(120_000);
  let b: TestBackend;
  let conn: string;
  let group: string;
  before(async () => {
    b = await startTestBackend();
    conn = (await b.request("alice", "POST", CONNS, http("https://api.example.com"))).body.data.id;
    group = (
      await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "g", integration_type: "AWS", tag_keys: ["env"], connections: [] }),
      )
    ).body.data.id;
  });
  after(async () => b?.close());

  /** Everything alice and bob can read. */
  async function everything() {
    const out: unknown[] = [];
    for (const who of ["alice", "bob"] as const) {
      for (const path of [CONNS, GROUPS, `${CONNS}/${conn}`, `${GROUPS}/${group}`]) {
        const res = await b.request(who, "GET", path);
        out.push(res.status, res.body);
      }
    }
    return out;
  }

  for (const row of ROWS) {
    it(row.title, async () => {
      const before = await everything();
      const path = { conns: CONNS, conn: `${CONNS}/${conn}`, groups: GROUPS, group: `${GROUPS}/${group}` }[row.target];
      const res = await b.request("alice", row.method, path, row.body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].status, "400");
      assert.equal(res.body.errors[0].title, "Bad Request");
      assert.match(res.body.errors[0].source.pointer, row.pointer);
      assert.match(res.body.errors[0].detail, row.detail);
      const text = JSON.stringify(res.body) + JSON.stringify(res.headers);
      for (const s of row.noEcho)
        assert.ok(
          !text.includes(s) && !JSON.parse(JSON.stringify(res.body.errors[0].detail)).includes(s),
          `echoed ${JSON.stringify(s)}: ${text}`,
        );
      assert.deepEqual(await everything(), before, "nothing written");
    });
  }
});
