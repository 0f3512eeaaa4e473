/**
 * Stored text shows what it holds (no invisible characters), and no URL or host field carries a
 * user name or password. The messages name the field and the code point, never the value.
 */
import { strict as assert } from "node:assert";
import { connectionIssues, formatIssue, groupSpecIssues, quote } from "pulumi-workflow-connections-rules";

const messages = (spec: unknown) => connectionIssues(spec).map(formatIssue);
const http = (extra: Record<string, unknown> = {}) => ({
  name: "c",
  integration: { type: "HTTP", baseUrl: "https://a.example", ...extra },
});
const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

describe("rules: invisible characters are refused in every stored text", () => {
  const invisible: [string, string][] = [
    ["zero-width space", "\u200b"],
    ["zero-width non-joiner", "\u200c"],
    ["zero-width joiner", "\u200d"],
    ["word joiner", "\u2060"],
    ["invisible times", "\u2062"],
    ["soft hyphen", "\u00ad"],
    ["Mongolian vowel separator", "\u180e"],
    ["Arabic number sign", "\u0600"],
    ["interlinear annotation anchor", "\ufff9"],
    ["annotation terminator", "\ufffb"],
    ["language tag", "\u{e0001}"],
    ["tag latin a", "\u{e0061}"],
    ["cancel tag", "\u{e007f}"],
    ["musical symbol begin beam", "\u{1d173}"],
    ["Hangul filler", "\u3164"],
    ["Hangul choseong filler", "\u115f"],
    ["Hangul jungseong filler", "\u1160"],
    ["halfwidth Hangul filler", "\uffa0"],
    ["braille blank", "\u2800"],
    ["combining grapheme joiner", "\u034f"],
    ["Khmer inherent vowel", "\u17b4"],
    ["reserved default-ignorable", "\u2065"],
    ["reserved U+FFF0", "\ufff0"],
    ["reserved U+E0200", "\u{e0200}"],
  ];
  for (const [what, ch] of invisible) {
    it(`${what} (${hex(ch)}) in a name, a header name and value, a token value, a group name`, () => {
      const pattern = new RegExp(
        `^name contains an invisible (format|filler) character \\(${hex(ch).replace("+", "\\+")}\\) at character 2`,
      );
      const onName = messages({ ...http(), name: `a${ch}b` });
      assert.equal(onName.length, 1, onName.join());
      assert.match(onName[0], pattern);
      assert.ok(!onName.join().includes(ch), "never echoed raw");
      assert.match(
        messages(http({ headers: [{ name: "X", value: `v${ch}` }] })).join(),
        /^integration\.headers\[0\]\.value contains an invisible/,
      );
      assert.match(
        messages(http({ headers: [{ name: `X${ch}`, value: "v" }] })).join(),
        /^integration\.headers\[0\]\.name /,
      );
      assert.ok(
        !messages(http({ headers: [{ name: `X${ch}`, value: "v" }] }))
          .join()
          .includes(ch),
        "a quoted header name escapes it",
      );
      assert.match(
        messages(http({ tokens: [{ name: "t", value: `s${ch}` }] })).join(),
        /^integration\.tokens\[0\]\.value contains an invisible/,
      );
      assert.match(
        messages({ name: "c", integration: { type: "OpenAI", apiToken: `k${ch}` } }).join(),
        /^integration\.apiToken contains an invisible/,
      );
      const group = groupSpecIssues({ name: `g${ch}`, integration: "HTTP", identifierTags: ["env"], members: [] }).map(
        formatIssue,
      );
      assert.match(group.join(), /^name contains an invisible/);
    });
  }
  it("quote() escapes them (as valid JSON escapes, surrogate pairs beyond the BMP)", () => {
    const q = quote("a\u200bb\u{e0061}c\u3164");
    assert.equal(q, '"a\\u200Bb\\uDB40\\uDC61c\\u3164"');
    assert.equal(JSON.parse(q), "a\u200bb\u{e0061}c\u3164");
  });
  it("visible text stays allowed: accents, CJK, emoji with variation selectors, Mongolian FVS, RTL letters", () => {
    for (const name of ["café", "接続 東京", "alert ❤️ ok", "ᠮᠣᠩ᠋ᠭᠣᠯ", "שלום", "👍🏽", "x\u{e0100}"]) {
      assert.deepEqual(messages({ ...http(), name }), [], name);
    }
  });
  it("an emoji sequence joined by U+200D is refused (the joiner is invisible)", () => {
    assert.match(messages({ ...http(), name: "👩\u200d💻" }).join(), /\(U\+200D\)/);
  });
});

describe("rules: no user information in a URL or host field", () => {
  const password = "S3CR3T";
  const spellings = [
    `https://svc:${password}@api.example.com/v1`,
    "https://svc@api.example.com",
    "https://svc:@api.example.com",
    `https://:${password}@api.example.com`,
    "https://@api.example.com",
    `https://svc%3A${password}@api.example.com`,
    `https://s%76c:${password}%21@api.example.com`,
    `HTTPS://svc:${password}@API.EXAMPLE.COM/`,
    `HtTp://svc:${password}@api.example.com`,
    `https://svc:${password}@[::1]:8443/v1`,
    `https://svc:${password}@[2001:db8::1]/`,
    `https:\\\\svc:${password}@api.example.com\\v1`,
    `https:/\\svc:${password}@api.example.com`,
    `https:svc:${password}@api.example.com`,
    `https:///svc:${password}@api.example.com`,
    `https://a@b:${password}@api.example.com`,
    `https://svc:${password}@api.example.com:8443?x=1#f`,
  ];
  for (const url of spellings) {
    it(`baseUrl ${JSON.stringify(url.replace(password, "<pw>"))} is refused, naming the field, without the password`, () => {
      const out = messages(http({ baseUrl: url }));
      assert.equal(out.length, 1, out.join());
      assert.match(
        out[0],
        /^integration\.baseUrl must not contain a user name or password .* put credentials in secret fields instead \(for HTTP, a token in `tokens`/,
      );
      assert.ok(!out[0].includes(password) && !out[0].includes("svc"), out[0]);
    });
  }
  it("an invalid URL with a password is still not echoed (ftp scheme, embedded newline)", () => {
    for (const url of [
      `ftp://svc:${password}@h.example`,
      `https://svc:${password}@h.example/\n`,
      `svc:${password}@h.example`,
    ]) {
      const out = messages(http({ baseUrl: url })).join();
      assert.ok(out.length > 0 && !out.includes(password), out);
    }
  });
  it("an @ after the host (path, query, fragment, behind a backslash) is not user information", () => {
    for (const url of [
      "https://api.example.com/users/@me",
      "https://api.example.com/?a=b@c",
      "https://api.example.com/#x@y",
      "https://[::1]:8080/a@b",
    ]) {
      assert.deepEqual(messages(http({ baseUrl: url })), [], url);
    }
  });
  it("host fields (Okta, Freshservice, ServiceNow, Datadog subdomain) refuse it too; e-mail fields do not", () => {
    assert.match(
      messages({
        name: "c",
        integration: { type: "Okta", domain: `admin:${password}@corp.okta.com`, apiToken: "t" },
      }).join(),
      /^integration\.domain must not contain a user name or password/,
    );
    assert.match(
      messages({
        name: "c",
        integration: { type: "Freshservice", domain: `https://u:${password}@x.freshservice.com`, apiKey: "k" },
      }).join(),
      /^integration\.domain must not/,
    );
    assert.match(
      messages({
        name: "c",
        integration: { type: "ServiceNow", instance: "u@acme.service-now.com", username: "u", password: "p" },
      }).join(),
      /^integration\.instance must not/,
    );
    assert.match(
      messages({
        name: "c",
        integration: { type: "Datadog", datacenter: "us1", apiKey: "a", appKey: "b", subdomain: "x:y@z" },
      }).join(),
      /^integration\.subdomain must not/,
    );
    assert.ok(
      !messages({ name: "c", integration: { type: "Okta", domain: `admin:${password}@corp.okta.com`, apiToken: "t" } })
        .join()
        .includes(password),
    );
    assert.deepEqual(
      messages({ name: "c", integration: { type: "Okta", domain: "corp.okta.com", apiToken: "t" } }),
      [],
    );
    assert.deepEqual(
      messages({
        name: "c",
        integration: {
          type: "Cloudflare",
          credentialType: "CloudflareGlobalAPIToken",
          authEmail: "ops@example.com",
          globalApiKey: "k",
        },
      }),
      [],
    );
  });
});
