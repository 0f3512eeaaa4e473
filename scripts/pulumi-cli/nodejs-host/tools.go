//go:build tools

// Package tools pins the Node.js language host main package (it lived inside
// the sdk/v3 module up to the versions served here).
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
