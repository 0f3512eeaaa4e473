/**
 * The pack never quotes a secret value: it notes the values the engine marks secret before
 * @pulumi/policy unwraps them (its own deserializeProperties, as its server calls it), and each
 * policy's violations then name the property and the rule with `[secret]` for the value.
 */
import * as assert from "node:assert/strict";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { connectionFields } from "../../policy-pack/policies/connection-fields";
import { identifierTags } from "../../policy-pack/policies/identifier-tags";
import { hidingSecrets, noteSecretsBeforeUnwrapping, secretValuesSeen } from "../../policy-pack/support/secrets";
import { ACTION_CONNECTION } from "../../policy-pack/support/types";

const deserialize = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
};
const { Struct } = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [require.resolve("@pulumi/policy")],
  }),
) as { Struct: { fromJavaScript(v: unknown): unknown } };
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };

const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

function run(policy: ResourceValidationPolicy, wire: Record<string, unknown>): string[] {
  // What @pulumi/policy's server does with the engine's properties before calling a policy.
  const props = deserialize.deserializeProperties(Struct.fromJavaScript(wire), false);
  const out: string[] = [];
  const args = {
    type: ACTION_CONNECTION,
    name: "orders",
    props: unknownCheckingProxy(props),
    urn: "urn:pulumi:test::p::x::orders",
    opts: {},
  } as unknown as ResourceValidationArgs;
  (policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => void)(args, (m) => out.push(m));
  return out;
}

describe("policy pack: secret values in violations", () => {
  before(() => noteSecretsBeforeUnwrapping());

  const BASE_URL = "ftp://orders.internal/secret-base";
  const TAG = "env:staging:secret-east";
  const wire = (wrap: (v: unknown) => unknown) => ({
    name: "Orders",
    http: { baseUrl: wrap(BASE_URL), tokenAuth: { tokens: [{ name: "t", type: "SECRET", value: "v" }] } },
    tags: [wrap(TAG)],
  });

  it("plain values are quoted (useful), secret ones are [secret], property and rule still named", () => {
    const plain = [
      ...run(
        hidingSecrets(connectionFields),
        wire((v) => v),
      ),
      ...run(
        hidingSecrets(identifierTags),
        wire((v) => v),
      ),
    ];
    assert.ok(
      plain.some((m) => m.includes(BASE_URL)),
      plain.join("\n"),
    );
    assert.ok(
      plain.some((m) => m.includes(TAG)),
      plain.join("\n"),
    );

    const hidden = [
      ...run(hidingSecrets(connectionFields), wire(secret)),
      ...run(hidingSecrets(identifierTags), wire(secret)),
    ];
    assert.ok(secretValuesSeen().includes(BASE_URL) && secretValuesSeen().includes(TAG));
    for (const m of hidden) assert.ok(!m.includes("secret-base") && !m.includes("secret-east"), m);
    assert.ok(
      hidden.some((m) => /http\.baseUrl \[secret\]: must be an absolute http\(s\) URL/.test(m)),
      hidden.join("\n"),
    );
    assert.ok(
      hidden.some((m) => /tags\[0\] \[secret\]: exactly one ':' is allowed/.test(m)),
      hidden.join("\n"),
    );
  });
});
