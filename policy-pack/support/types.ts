/** The resource type tokens the pack checks, as the engine sees them. */
export const ACTION_CONNECTION = "datadog:index/actionConnection:ActionConnection";
export const RESTRICTION_POLICY = "datadog:index/restrictionPolicy:RestrictionPolicy";
/** This package's dynamic resources (pulumi.dynamic.Resource with module "connections"). */
export const CONNECTION = "pulumi-nodejs:dynamic/connections:Connection";
export const CONNECTION_GROUP = "pulumi-nodejs:dynamic/connections:ConnectionGroup";
