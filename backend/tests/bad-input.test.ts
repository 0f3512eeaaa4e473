/** A table of malformed requests: each gets a specific 4xx (never a 500) and writes nothing. */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  Method,
  RequestOptions,
  TestBackend,
  awsConnection,
  connectionBody,
  groupBody,
  startTestBackend,
} from "../../tests/support/backend";

interface Case {
  title: string;
  method: Method;
  path: (ids: { conn: string; group: string }) => string;
  body?: unknown;
  options?: RequestOptions;
  status: number;
  detail: RegExp;
}

const conn = (ids: { conn: string }) => `${CONNS}/${ids.conn}`;
const group = (ids: { group: string }) => `${GROUPS}/${ids.group}`;
const aws = (credentials: Record<string, unknown>) =>
  connectionBody({
    name: "bad",
    integration: {
      type: "AWS",
      credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r", ...credentials },
    },
  });

const CASES: Case[] = [
  {
    title: "malformed JSON",
    method: "POST",
    path: () => CONNS,
    options: { raw: '{"data": {' },
    status: 400,
    detail: /not valid JSON/,
  },
  {
    title: "JSON array body",
    method: "POST",
    path: () => CONNS,
    body: [],
    status: 400,
    detail: /must be a JSON object/,
  },
  {
    title: "JSON string body",
    method: "POST",
    path: () => CONNS,
    options: { raw: '"hello"' },
    status: 400,
    detail: /must be a JSON object/,
  },
  {
    title: "empty body",
    method: "POST",
    path: () => CONNS,
    options: { raw: "" },
    status: 400,
    detail: /body is required/,
  },
  {
    title: "text/plain",
    method: "POST",
    path: () => CONNS,
    options: { raw: "{}", headers: { "Content-Type": "text/plain" } },
    status: 415,
    detail: /Content-Type must be/,
  },
  {
    title: "form encoded",
    method: "POST",
    path: () => CONNS,
    options: { raw: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    status: 415,
    detail: /Content-Type must be/,
  },
  {
    title: "oversize body",
    method: "POST",
    path: () => CONNS,
    options: { raw: JSON.stringify(connectionBody({ name: "x".repeat(300 * 1024) })) },
    status: 413,
    detail: /larger than the limit of 262144 bytes/,
  },
  {
    title: "no data",
    method: "POST",
    path: () => CONNS,
    body: { type: "action_connection" },
    status: 400,
    detail: /unknown field "type"/,
  },
  {
    title: "data is a string",
    method: "POST",
    path: () => CONNS,
    body: { data: "x" },
    status: 400,
    detail: /data must be an object/,
  },
  {
    title: "missing type",
    method: "POST",
    path: () => CONNS,
    body: { data: { attributes: {} } },
    status: 400,
    detail: /data.type is required/,
  },
  {
    title: "wrong type",
    method: "POST",
    path: () => CONNS,
    body: { data: { type: "connection", attributes: {} } },
    status: 409,
    detail: /must be "action_connection", not "connection"/,
  },
  {
    title: "client-chosen id",
    method: "POST",
    path: () => CONNS,
    body: { data: { type: "action_connection", id: "00000000-0000-4000-8000-000000000000", attributes: {} } },
    status: 400,
    detail: /unknown field "id"/,
  },
  {
    title: "attributes missing",
    method: "POST",
    path: () => CONNS,
    body: { data: { type: "action_connection" } },
    status: 400,
    detail: /data.attributes is required/,
  },
  {
    title: "unknown attribute",
    method: "POST",
    path: () => CONNS,
    body: { data: { type: "action_connection", attributes: { ...awsConnection("x").data.attributes, colour: "red" } } },
    status: 400,
    detail: /unknown field "colour"/,
  },
  {
    title: "name is a number",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ ...awsConnection("x").data.attributes, name: 42 }),
    status: 400,
    detail: /name must be a string, not a number/,
  },
  {
    title: "tags not an array",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ ...awsConnection("x").data.attributes, tags: "env:prod" }),
    status: 400,
    detail: /tags must be an array/,
  },
  {
    title: "integration missing",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ name: "x" }),
    status: 400,
    detail: /integration is required/,
  },
  {
    title: "unknown integration",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ name: "x", integration: { type: "Jira", credentials: {} } }),
    status: 400,
    detail: /"Jira" is not a supported integration/,
  },
  {
    title: "wrong credential type",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ name: "x", integration: { type: "AWS", credentials: { type: "AWSKeys" } } }),
    status: 400,
    detail: /"AWSKeys" is not a credential type of AWS/,
  },
  {
    title: "unknown credential field",
    method: "POST",
    path: () => CONNS,
    body: aws({ password: "x" }),
    status: 400,
    detail: /unknown field "password"/,
  },
  {
    title: "account id not 12 digits",
    method: "POST",
    path: () => CONNS,
    body: aws({ account_id: "12" }),
    status: 400,
    detail: /must be exactly 12 digits/,
  },
  {
    title: "principal_id set by client",
    method: "POST",
    path: () => CONNS,
    body: aws({ principal_id: "123456789012" }),
    status: 400,
    detail: /computed by the server/,
  },
  {
    title: "rotation flag not boolean",
    method: "POST",
    path: () => CONNS,
    body: aws({ generate_new_external_id: "yes" }),
    status: 400,
    detail: /must be a boolean/,
  },
  {
    title: "HTTP token without value",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({
      name: "x",
      integration: {
        type: "HTTP",
        base_url: "https://a.example",
        credentials: { type: "HTTPTokenAuth", tokens: [{ name: "t", type: "SECRET" }] },
      },
    }),
    status: 400,
    detail: /tokens\[0\]\.value is required/,
  },
  {
    title: "duplicate header names",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({
      name: "x",
      integration: {
        type: "HTTP",
        base_url: "https://a.example",
        credentials: {
          type: "HTTPTokenAuth",
          headers: [
            { name: "A", value: "1" },
            { name: "A", value: "2" },
          ],
        },
      },
    }),
    status: 400,
    detail: /"A" is used twice/,
  },
  {
    title: "tag with two colons",
    method: "POST",
    path: () => CONNS,
    body: awsConnection("x", ["env:staging:east"]),
    status: 400,
    detail: /exactly one ':' is allowed/,
  },
  {
    title: "unknown query parameter",
    method: "GET",
    path: () => `${CONNS}?sort=name`,
    status: 400,
    detail: /unknown query parameter "sort"/,
  },
  {
    title: "PATCH malformed id",
    method: "PATCH",
    path: () => `${CONNS}/123`,
    body: connectionBody({ name: "y" }),
    status: 400,
    detail: /not a valid connection id/,
  },
  {
    title: "PATCH id mismatch",
    method: "PATCH",
    path: conn,
    body: {
      data: { type: "action_connection", id: "00000000-0000-4000-8000-000000000000", attributes: { name: "y" } },
    },
    status: 409,
    detail: /does not match the id in the URL/,
  },
  {
    title: "PATCH name null",
    method: "PATCH",
    path: conn,
    body: connectionBody({ name: null }),
    status: 400,
    detail: /name must be a string, not null/,
  },
  {
    title: "PATCH integration not an object",
    method: "PATCH",
    path: conn,
    body: connectionBody({ integration: "AWS" }),
    status: 400,
    detail: /integration must be an object/,
  },
  {
    title: "PATCH empty tag",
    method: "PATCH",
    path: conn,
    body: connectionBody({ tags: [""] }),
    status: 400,
    detail: /tags\[0\]/,
  },
  {
    title: "group: tag_keys emptied",
    method: "PATCH",
    path: group,
    body: groupBody({ tag_keys: [] }),
    status: 400,
    detail: /never emptied/,
  },
  {
    title: "group: connections not an array",
    method: "PATCH",
    path: group,
    body: groupBody({ connections: "x" }),
    status: 400,
    detail: /connections must be an array/,
  },
  {
    title: "group: wrong type",
    method: "PATCH",
    path: group,
    body: { data: { type: "action_connection", attributes: {} } },
    status: 409,
    detail: /must be "connection_group"/,
  },
  {
    title: "group: relationship body not a list",
    method: "POST",
    path: (ids) => `${group(ids)}/relationships/connections`,
    body: { data: { type: "action_connection" } },
    status: 400,
    detail: /\{"data": \[/,
  },
  {
    title: "malformed JSON holding a secret (not echoed)",
    method: "POST",
    path: () => CONNS,
    options: { raw: '{"data": {"attributes": {"api_token": sk-NOT-ECHOED-42}}}' },
    status: 400,
    detail: /^the request body is not valid JSON( \(at position \d+\))?$/,
  },
  {
    title: "NUL in a name",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({ ...awsConnection("x").data.attributes, name: "a\u0000b" }),
    status: 400,
    detail: /NUL character/,
  },
  {
    title: "NUL in a header value",
    method: "POST",
    path: () => CONNS,
    body: connectionBody({
      name: "x",
      integration: {
        type: "HTTP",
        base_url: "https://a.example",
        credentials: { type: "HTTPTokenAuth", headers: [{ name: "A", value: "\u0000" }] },
      },
    }),
    status: 400,
    detail: /NUL character/,
  },
  {
    title: "NUL in a query filter",
    method: "GET",
    path: () => `${CONNS}?filter[tags]=env:%00`,
    status: 400,
    detail: /NUL character/,
  },
  {
    title: "unknown route",
    method: "GET",
    path: () => "/api/v2/actions/nothing",
    status: 404,
    detail: /no route matches this GET request/,
  },
];

describe("backend: bad input", function () {
  let b: TestBackend;
  const ids = { conn: "", group: "" };
  let snapshot: string;

  /** Everything the API would show: used to prove a refused request wrote nothing. */
  async function state(): Promise<string> {
    const conns = await b.request("alice", "GET", `${CONNS}?page[size]=100`);
    const groups = await b.request("alice", "GET", `${GROUPS}?page[size]=100`);
    return JSON.stringify([conns.body, groups.body]);
  }

  before(async () => {
    b = await startTestBackend();
    ids.conn = (await b.request("alice", "POST", CONNS, awsConnection("target", ["env:t"]))).body.data.id;
    ids.group = (
      await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "g", integration_type: "AWS", tag_keys: ["env"], connections: [ids.conn] }),
      )
    ).body.data.id;
    snapshot = await state();
  });
  after(async () => b?.close());

  for (const c of CASES) {
    it(`${c.title} -> ${c.status}`, async () => {
      const res = await b.request("alice", c.method, c.path(ids), c.body, c.options);
      assert.equal(res.status, c.status, JSON.stringify(res.body));
      assert.match(String(res.headers["content-type"]), /^application\/vnd\.api\+json/);
      assert.equal(res.body.errors[0].status, String(c.status));
      assert.match(res.body.errors[0].detail, c.detail);
      assert.equal(await state(), snapshot, "a refused request must not write");
    });
  }
});
