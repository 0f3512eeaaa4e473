/**
 * A server that echoes the keys back in the forms an echo takes (another letter case, base64 or
 * base64url alone or of `key:` pairs, URL-encoded, hex, split in two, wrapped at 76 columns),
 * in error bodies and in headers: nothing of either key reaches an error's message, fields,
 * JSON or inspection, while the server's own words around them are kept.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import util from "node:util";
import { ApiError, ConnectionsClient } from "../../client";
import { makeRedactor, REDACTED } from "../../client/redact";
import { rejection } from "./helpers";
import { ScriptedServer } from "./scripted-server";

const ID = "11111111-2222-3333-4444-555555555555";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const b64url = (s: string) => Buffer.from(s).toString("base64url");

/** Every form of `key` (and of pairs holding it) an echo may take. */
function echoes(key: string, other: string): Record<string, string> {
  const half = Math.floor(key.length / 2);
  return {
    upper: key.toUpperCase(),
    base64: b64(key),
    base64url: b64url(key),
    "base64 of key:": b64(`${key}:`),
    "base64 of DD-API-KEY: key": b64(`DD-API-KEY: ${key}`),
    "base64 of other:key": b64(`${other}:${key}`),
    "base64url of x:key:y": b64url(`x:${key}:y`),
    "url-encoded": encodeURIComponent(`k=${key}&x`),
    hex: Buffer.from(key).toString("hex"),
    "HEX upper": Buffer.from(key).toString("hex").toUpperCase(),
    split: `${key.slice(0, half)} (continued) ${key.slice(half)}`,
    dashed: key.match(/.{1,4}/g)!.join("-"),
    "wrapped base64": b64(`${other}:${key}:${other}`).replace(/(.{20})/g, "$1\n"),
  };
}

/** No run of 8 letters or digits of the key (separators and case ignored) appears in `view`. */
function assertNothingOf(key: string, view: string) {
  const sk = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, "");
  const v = sk(view);
  const k = sk(key);
  for (let i = 0; i + 8 <= k.length; i++)
    assert.ok(!v.includes(k.slice(i, i + 8)), `8 characters of a key leaked into: ${view.slice(0, 400)}`);
}

describe("client: a server echoing the keys in other forms", () => {
  // Upper-case letters in the keys, so case changes matter; realistic lengths.
  const apiKey = `Ak${crypto.randomBytes(15).toString("hex")}`;
  const appKey = `Pk${crypto.randomBytes(19).toString("hex")}`;
  let server: ScriptedServer;
  let client: ConnectionsClient;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  const forms = { ...echoes(apiKey, appKey), ...echoes(appKey, apiKey) };
  for (const [name, text] of Object.entries(echoes(apiKey, appKey))) {
    it(`${name}: redacted in the body and in the request-id header, the server's words kept`, async () => {
      server = await ScriptedServer.start(
        () => ({
          status: 400,
          headers: { "x-request-id": text.replace(/\n/g, " ") },
          body: { errors: [{ detail: `invalid key ${text} was sent` }, { detail: echoes(appKey, apiKey)[name] }] },
        }),
        { maxRequests: 5 },
      );
      client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey, maxRetries: 0 }, {});
      const err = await rejection(client.connections.get(ID));
      assert.ok(err instanceof ApiError);
      const views = [
        err.message,
        String(err.stack),
        JSON.stringify(err),
        util.inspect(err, { depth: 10, showHidden: true }),
        String(err.requestId),
      ];
      for (const view of views) {
        assertNothingOf(apiKey, view);
        assertNothingOf(appKey, view);
        for (const form of Object.values(forms)) assert.ok(!view.includes(form), `${name} leaked: ${view}`);
      }
      assert.match(err.message, /invalid key .*\[REDACTED\].* was sent/s, "the words around the key are kept");
    });
  }

  it("the plain-text body of a proxy, all forms at once, is redacted whole", async () => {
    const dump = Object.entries(forms)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n");
    server = await ScriptedServer.start(() => ({ status: 502, body: `upstream said:\n${dump}` }), { maxRequests: 5 });
    client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey, maxRetries: 0 }, {});
    const err = await rejection(client.connections.get(ID));
    assertNothingOf(apiKey, err.message);
    assertNothingOf(appKey, err.message);
    assert.match(err.message, /upstream said/);
  });

  it("ordinary text, ids and short words are left alone", () => {
    const redact = makeRedactor([apiKey, appKey, "tok-12345"]);
    const text = `connection ${ID} "payments" has tags env:prod; members[1] clash (400 Bad Request)`;
    assert.equal(redact(text), text);
    assert.equal(redact("TOK-12345"), REDACTED);
  });
});
