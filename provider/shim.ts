/**
 * The provider objects Pulumi serializes into every resource's state (`__provider`). They are
 * deliberately thin: each method `require`s the implementation by the package's own name when it
 * runs, so the state holds a few hundred bytes instead of our code, captures no credentials or
 * class instances, and a newer installed package also fixes `refresh`/`destroy` of old stacks
 * (DESIGN.md section 4, design (b)). Only the string below is captured.
 */
import type * as pulumi from "@pulumi/pulumi";

const RUNTIME = "pulumi-workflow-connections/provider/runtime";

export const connectionShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require(RUNTIME).configure(req),
  check: (olds, news) => require(RUNTIME).connection.check(olds, news),
  diff: (id, olds, news) => require(RUNTIME).connection.diff(id, olds, news),
  create: (inputs) => require(RUNTIME).connection.create(inputs),
  read: (id, props) => require(RUNTIME).connection.read(id, props),
  update: (id, olds, news) => require(RUNTIME).connection.update(id, olds, news),
  delete: (id, props) => require(RUNTIME).connection.delete(id, props),
};

export const groupShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require(RUNTIME).configure(req),
  check: (olds, news) => require(RUNTIME).group.check(olds, news),
  diff: (id, olds, news) => require(RUNTIME).group.diff(id, olds, news),
  create: (inputs) => require(RUNTIME).group.create(inputs),
  read: (id, props) => require(RUNTIME).group.read(id, props),
  update: (id, olds, news) => require(RUNTIME).group.update(id, olds, news),
  delete: (id, props) => require(RUNTIME).group.delete(id, props),
};
