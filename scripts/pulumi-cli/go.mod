// Build-only module for the Pulumi CLI used by scripts/ensure-pulumi.sh.
// Not part of the provider: it only pins the versions the CLI is built from.
module connections-provider/scripts/pulumi-cli

go 1.25.11

// Same fork pkg/v3 uses in its own go.mod (replace directives of a
// dependency are ignored, so it has to be repeated here).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

require (
	github.com/pulumi/pulumi/pkg/v3 v3.248.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)
