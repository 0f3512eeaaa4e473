/** Identifier tags: the documented examples, and each rule broken on its own (fast-check). */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  brokenKeyRule,
  brokenTagRule,
  MAX_TAG_LENGTH,
  TAG_RULES,
  TagRule,
  tagProblem,
} from "pulumi-workflow-connections-rules";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const BODY = `${LETTERS}0123456789_-/`;
const chars = (set: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...set.split("")), { minLength: min, maxLength: max }).map((a) => a.join(""));

const key = fc
  .tuple(chars(LETTERS, 1, 1), chars(BODY, 0, 30))
  .map(([a, b]) => a + b)
  .filter((k) => k !== "default");
const value = chars(BODY, 1, 30).filter((v) => v !== "default");
const validTag = fc.tuple(key, value).map(([k, v]) => `${k}:${v}`);

function expectRule(arb: fc.Arbitrary<string>, rule: TagRule) {
  fc.assert(
    fc.property(arb, (tag) => {
      assert.equal(brokenTagRule(tag), rule, `${JSON.stringify(tag)} should break ${rule}`);
      assert.ok(tagProblem(tag)!.includes(TAG_RULES[rule]));
    }),
    { numRuns: 300 },
  );
}

describe("rules: identifier tags", () => {
  it("rejects the documented invalid examples with the matching message", () => {
    assert.equal(tagProblem("env:staging:east"), `"env:staging:east": exactly one ':' is allowed`);
    assert.equal(brokenTagRule("env"), "noColon");
    assert.equal(tagProblem("default:yes"), `"default:yes": 'default' is reserved and cannot be a tag key`);
    assert.equal(tagProblem("aws:default"), `"aws:default": 'default' is reserved and cannot be a tag value`);
  });

  it("accepts the documented valid example", () => {
    assert.equal(tagProblem("account_id:123456789"), undefined);
    assert.equal(tagProblem("team/sub-team:payments_eu"), undefined);
  });

  it("accepts every generated valid tag", () => {
    fc.assert(
      fc.property(validTag, (tag) => brokenTagRule(tag) === undefined),
      { numRuns: 500 },
    );
  });

  it("rejects tags longer than 200 characters", () => {
    expectRule(
      validTag.map((t) => t + "a".repeat(MAX_TAG_LENGTH + 1 - t.length)),
      "tooLong",
    );
    assert.equal(brokenTagRule(`a:${"b".repeat(MAX_TAG_LENGTH - 2)}`), undefined, "exactly 200 is allowed");
  });
  it("rejects a tag without a colon", () => expectRule(key, "noColon"));
  it("rejects more than one colon", () =>
    expectRule(
      fc.tuple(validTag, chars(BODY, 0, 5)).map(([t, s]) => `${t}:${s}`),
      "extraColon",
    ));
  it("rejects a tag that does not start with a letter", () =>
    expectRule(
      fc.tuple(fc.constantFrom(..."0123456789_-/"), validTag).map(([c, t]) => c + t.slice(1)),
      "firstChar",
    ));
  it("rejects characters outside letters, digits, _ - /", () =>
    expectRule(
      fc
        .tuple(validTag, fc.constantFrom(" ", ".", "@", "é", "#", "+", "=", "\t", "ß", "*"), fc.nat())
        .map(([t, bad, n]) => {
          const at = 1 + (n % (t.length - 1)); // never the first character
          return t.slice(0, at) + bad + t.slice(at);
        }),
      "badChar",
    ));
  it("rejects an empty value", () =>
    expectRule(
      key.map((k) => `${k}:`),
      "emptyValue",
    ));
  it("rejects 'default' as a key", () =>
    expectRule(
      value.map((v) => `default:${v}`),
      "reservedKey",
    ));
  it("rejects 'default' as a value", () =>
    expectRule(
      key.map((k) => `${k}:default`),
      "reservedValue",
    ));

  it("checks group keys with the same character rules", () => {
    fc.assert(fc.property(key, (k) => brokenKeyRule(k) === undefined));
    assert.equal(brokenKeyRule("default"), "reservedKey");
    assert.equal(brokenKeyRule("env:prod"), "hasColon");
    assert.equal(brokenKeyRule("1env"), "firstChar");
    assert.equal(brokenKeyRule("env name"), "badChar");
  });
});
