/**
 * A provider object for Pulumi to serialize into state (`__provider`). Each method loads the
 * implementation by the package's name when it runs (docs/architecture.md, "Provider and shims"):
 * nothing but two strings is captured (no keys, no schemas), and an upgraded package also fixes
 * `refresh`/`destroy` of existing stacks.
 */
import type * as pulumi from "@pulumi/pulumi";

const RUNTIME = "pulumi-workflow-connections/provider/runtime";

export function makeShim(kind: "connection" | "group"): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => require(RUNTIME).configure(req),
    check: (olds, news) => require(RUNTIME)[kind].check(olds, news),
    diff: (id, olds, news) => require(RUNTIME)[kind].diff(id, olds, news),
    create: (inputs) => require(RUNTIME)[kind].create(inputs),
    read: (id, props) => require(RUNTIME)[kind].read(id, props),
    update: (id, olds, news) => require(RUNTIME)[kind].update(id, olds, news),
    delete: (id, props) => require(RUNTIME)[kind].delete(id, props),
  };
}
