//go:build tools

// Package tools pins the Pulumi CLI main package so that `go mod tidy`
// records everything `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`
// needs. Nothing here is compiled into the provider.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
