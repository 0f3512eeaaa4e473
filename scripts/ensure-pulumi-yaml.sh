#!/usr/bin/env bash
# ensure-pulumi-yaml.sh
#
# Makes `pulumi-language-yaml` (the language host that runs Pulumi YAML programs) available
# and prints its directory as the LAST line of stdout (everything else goes to stderr):
#
#   PATH="$(scripts/ensure-pulumi-yaml.sh | tail -1):$PATH" pulumi preview   # in a YAML project
#
# 1. A `pulumi-language-yaml` on PATH is used as it is.
# 2. Otherwise it is built once from the Go module proxy (github.com/pulumi/pulumi-yaml at the
#    version pinned in scripts/pulumi-cli/yaml-host/go.mod, against the same pkg/v3 and sdk/v3
#    as the CLI, so a warm Go build cache from the CLI build is reused) and cached outside the
#    repository, keyed by that version and a hash of the module files:
#      ${PULUMI_CLI_CACHE:-$HOME/.cache/connections-provider/pulumi}/yaml-<version>/bin
#    A warm cache makes this script take well under a second.
#
# Only the policy pack's end-to-end test needs it (a YAML program checked by the pack);
# `npm start` and the provider's own tests do not.
#
# Environment: PULUMI_CLI_CACHE (cache root), PULUMI_YAML_FORCE_BUILD=1 (ignore PATH).
set -euo pipefail

main() {
log() { printf 'ensure-pulumi-yaml: %s\n' "$*" >&2; }
die() { printf 'ensure-pulumi-yaml: error: %s\n' "$*" >&2; exit 1; }

if [ "${PULUMI_YAML_FORCE_BUILD:-0}" != 1 ] && command -v pulumi-language-yaml >/dev/null 2>&1; then
  dir=$(dirname "$(command -v pulumi-language-yaml)")
  log "using pulumi-language-yaml from $dir"
  printf '%s\n' "$dir"
  exit 0
fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module_dir="$script_dir/pulumi-cli/yaml-host"
version=$(awk '{ if ($1 == "require") { $1 = ""; $0 = $0 } } $1 == "github.com/pulumi/pulumi-yaml" { print $2; exit }' "$module_dir/go.mod")
[ -n "$version" ] || die "no github.com/pulumi/pulumi-yaml requirement in $module_dir/go.mod"
cache_root=${PULUMI_CLI_CACHE:-${HOME:?is not set: set PULUMI_CLI_CACHE}/.cache/connections-provider/pulumi}
bin_dir="$cache_root/yaml-$version/bin"
stamp_name=.ensure-pulumi-yaml-stamp
expected_stamp="pulumi-yaml=$version modules=$( (cd "$module_dir" && cat go.mod go.sum) | sha256sum | cut -c1-16)"

cache_ok() {
  [ -x "$bin_dir/pulumi-language-yaml" ] && [ -f "$bin_dir/$stamp_name" ] && [ "$(cat "$bin_dir/$stamp_name")" = "$expected_stamp" ]
}

if ! cache_ok; then
  command -v go >/dev/null 2>&1 ||
    die "pulumi-language-yaml is not on PATH and there is no Go toolchain to build it: install Go >= 1.25 (the build uses only the Go module proxy) or put pulumi-language-yaml on PATH"
  mkdir -p "$cache_root"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.lock-yaml"
    flock -n 9 || { log "another build is running; waiting for it..."; flock 9; }
  fi
fi

if ! cache_ok; then
  log "building pulumi-language-yaml $version from the Go module proxy into $bin_dir"
  log "(first run only: a few minutes on 2 cores, less after the CLI build)"
  started=$(date +%s)
  mkdir -p "$cache_root/yaml-$version"
  rm -rf "$cache_root/yaml-$version"/.build.*
  work=$(mktemp -d "$cache_root/yaml-$version/.build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  cp -R "$module_dir" "$work/src"
  mkdir -p "$work/bin"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$version" \
    -o "$work/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) >&2 ||
    die "building pulumi-language-yaml $version failed (see above)"
  printf '%s\n' "$expected_stamp" >"$work/bin/$stamp_name"
  if [ -e "$bin_dir" ]; then mv "$bin_dir" "$work/old-bin"; fi
  mv "$work/bin" "$bin_dir"
  rm -rf "$work"
  trap - EXIT
  log "built pulumi-language-yaml $version in $(($(date +%s) - started))s"
fi

printf '%s\n' "$bin_dir"
}

main "$@"; exit
