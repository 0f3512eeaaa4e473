/**
 * The providers' implementation, loaded at run time by the thin shims in ../shims/ (by the
 * package's own name), never serialized into state. Internal: the package exports it as
 * `pulumi-workflow-connections/provider/runtime` only so that the shims stored in existing stacks
 * keep resolving it (docs/reference.md, "Package entry points"); programs do not import it.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as connectionProvider from "./connection-provider";
import * as groupProvider from "./group-provider";
import { quietExpectedErrors } from "./explain";
import { configureFrom } from "./settings";
import { withTargets } from "./targets";

// This module is loaded inside the dynamic-provider plugin process: see explain.ts.
quietExpectedErrors();

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureFrom(req.config);
}

// Each method runs against the resource's own target (explicit, or the default): ./targets.ts.
export const connection = withTargets("connection", { ...connectionProvider, delete: connectionProvider.remove });
export const group = withTargets("connection-group", { ...groupProvider, delete: groupProvider.remove });
