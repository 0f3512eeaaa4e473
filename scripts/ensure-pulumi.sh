#!/usr/bin/env bash
# ensure-pulumi.sh [PROJECT_DIR]
#
# Makes `pulumi`, `pulumi-language-nodejs`, `pulumi-resource-pulumi-nodejs` and
# `pulumi-analyzer-policy-nodejs-analyzer` (starts the policy pack, see policy-pack/)
# available in one directory and prints that directory as the LAST line of
# stdout (everything else goes to stderr):
#
#   PULUMI_BIN=$(scripts/ensure-pulumi.sh | tail -1)
#   PATH="$PULUMI_BIN:$PATH" pulumi version
#
# 1. A `pulumi` on PATH of the same major version and >= PULUMI_VERSION, with
#    `pulumi-language-nodejs` also on PATH, is used as it is.
# 2. Otherwise the CLI is built once from the Go module proxy (modules pinned in
#    scripts/pulumi-cli/) and cached outside the repo, keyed by version:
#      ${PULUMI_CLI_CACHE:-$HOME/.cache/connections-provider/pulumi}/<version>/bin
#    A warm cache makes this script take about a second.
# In both cases `pulumi-resource-pulumi-nodejs` (the dynamic-provider plugin, a
# small script shipped in the npm package) is taken from PROJECT_DIR's
# installed @pulumi/pulumi (default PROJECT_DIR: the repo holding this script).
#
# Environment:
#   PULUMI_VERSION          CLI version to build (default v3.248.0, the version
#                           of the @pulumi/pulumi dev dependency)
#   PULUMI_CLI_CACHE        cache root (default ~/.cache/connections-provider/pulumi)
#   PULUMI_CLI_FORCE_BUILD  1 = ignore any pulumi on PATH and use/build the cache
#
# Writes nothing outside the cache root: no shell profile, no /usr/local/bin.
set -euo pipefail

# The whole body is one function so that bash parses it before running it: an
# edit of this file (git checkout, rebase) during a long build cannot change
# what the running copy does.
main() {

PINNED_VERSION=v3.248.0            # what scripts/pulumi-cli/go.mod requires
NODEJS_HOST_SDK_VERSION=v3.68.0    # what scripts/pulumi-cli/nodejs-host/go.mod requires

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { printf 'ensure-pulumi: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module_dir="$script_dir/pulumi-cli"
project_dir=${1:-$(cd "$script_dir/.." && pwd)}
[ -d "$project_dir" ] || die "project directory not found: $project_dir"
project_dir=$(cd "$project_dir" && pwd)

version=${PULUMI_VERSION:-$PINNED_VERSION}
version=v${version#v}
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "PULUMI_VERSION must look like v3.248.0, got '$version'"
want=${version#v}
want_major=${want%%.*}

cache_root=${PULUMI_CLI_CACHE:-${HOME:?is not set: set PULUMI_CLI_CACHE}/.cache/connections-provider/pulumi}

# --- the dynamic-provider plugin script from the project's @pulumi/pulumi -------
find_provider_script() {
  local pkg_json=""
  if command -v node >/dev/null 2>&1; then
    pkg_json=$(cd "$project_dir" && node -e \
      'try { console.log(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] })) } catch (e) {}' \
      2>/dev/null || true)
  fi
  [ -n "$pkg_json" ] || pkg_json="$project_dir/node_modules/@pulumi/pulumi/package.json"
  local f
  f="$(dirname "$pkg_json")/pulumi-resource-pulumi-nodejs"
  [ -f "$f" ] || die "pulumi-resource-pulumi-nodejs not found in $project_dir's @pulumi/pulumi (looked for $f); run 'npm install' in $project_dir first"
  printf '%s\n' "$f"
}

# Copy $1 to $2/${3:-pulumi-resource-pulumi-nodejs} atomically, only when it changed.
install_provider_script() {
  local src=$1 dir=$2 name=${3:-pulumi-resource-pulumi-nodejs}
  local dst="$dir/$name"
  if [ -x "$dst" ] && [ ! -L "$dst" ] && cmp -s "$src" "$dst"; then return 0; fi
  local tmp
  tmp=$(mktemp "$dir/.$name.XXXXXX")
  cp "$src" "$tmp"
  chmod 0755 "$tmp"
  mv -f "$tmp" "$dst"
}

# The policy pack's launcher (policy-pack/PulumiPolicy.yaml says `runtime: nodejs-analyzer`;
# the CLI runs `pulumi-analyzer-policy-nodejs-analyzer` from PATH for it).
analyzer_script="$module_dir/pulumi-analyzer-policy-nodejs-analyzer"
install_analyzer_script() {
  install_provider_script "$analyzer_script" "$1" pulumi-analyzer-policy-nodejs-analyzer
}

# `go build -v` prints one import path per package compiled: show a count now
# and then, and pass through anything else (errors, "go: downloading ...").
progress() {
  awk '/^[^ #]+$/ { n++; if (n % 25 == 0) { printf "ensure-pulumi:   ... %d packages compiled (%s)\n", n, $0; fflush() }; next }
       { print; fflush() }' >&2
}

# Is version $1 (no leading v) of major $want_major and >= $want ?
version_ok() {
  local have=$1
  [[ $have =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 1
  have=${BASH_REMATCH[0]}
  [ "${have%%.*}" = "$want_major" ] || return 1
  [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" = "$want" ]
}

# --- 1. a usable pulumi already on PATH ----------------------------------------
path_note=""
if [ "${PULUMI_CLI_FORCE_BUILD:-0}" != 1 ] && command -v pulumi >/dev/null 2>&1; then
  path_pulumi=$(command -v pulumi)
  path_version=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | head -1 || true)
  path_version=${path_version#v}
  if version_ok "$path_version" && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    path_dir=$(dirname "$path_pulumi")
    path_host=$(command -v pulumi-language-nodejs)
    if [ "$(dirname "$path_host")" = "$path_dir" ] && [ -x "$path_dir/pulumi-resource-pulumi-nodejs" ] &&
      cmp -s "$analyzer_script" "$path_dir/pulumi-analyzer-policy-nodejs-analyzer"; then
      log "using pulumi v$path_version from $path_dir"
      printf '%s\n' "$path_dir"
      exit 0
    fi
    # Gather the three in one directory of our own (symlinks + the plugin script).
    link_dir="$cache_root/path-v$path_version/bin"
    mkdir -p "$link_dir"
    ln -sfn "$path_pulumi" "$link_dir/pulumi"
    ln -sfn "$path_host" "$link_dir/pulumi-language-nodejs"
    if [ -x "$path_dir/pulumi-resource-pulumi-nodejs" ]; then
      ln -sfn "$path_dir/pulumi-resource-pulumi-nodejs" "$link_dir/pulumi-resource-pulumi-nodejs"
    else
      [ -L "$link_dir/pulumi-resource-pulumi-nodejs" ] && rm -f "$link_dir/pulumi-resource-pulumi-nodejs"
      provider_script=$(find_provider_script)
      install_provider_script "$provider_script" "$link_dir"
    fi
    install_analyzer_script "$link_dir"
    log "using pulumi v$path_version from $path_dir (gathered in $link_dir)"
    printf '%s\n' "$link_dir"
    exit 0
  fi
  if [ -z "$path_version" ]; then
    path_note="pulumi on PATH ($path_pulumi) did not report a version"
  elif ! version_ok "$path_version"; then
    path_note="pulumi on PATH ($path_pulumi) is v$path_version, need v$want_major.x >= $version"
  else
    path_note="pulumi on PATH ($path_pulumi) is v$path_version but pulumi-language-nodejs is not on PATH"
  fi
fi

# --- 2. the cached build --------------------------------------------------------
bin_dir="$cache_root/$version/bin"
stamp_name=.ensure-pulumi-stamp

# The stamp names what the binaries were built from; a change of the pinned
# modules (go.mod/go.sum) or of the version invalidates the cache.
module_hash() {
  (cd "$module_dir" && cat go.mod go.sum nodejs-host/go.mod nodejs-host/go.sum) | sha256sum | cut -c1-16
}
expected_stamp="pulumi=$version nodejs-host=sdk/v3@$NODEJS_HOST_SDK_VERSION modules=$(module_hash)"

cache_ok() {
  [ -x "$bin_dir/pulumi" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] &&
    [ -f "$bin_dir/$stamp_name" ] && [ "$(cat "$bin_dir/$stamp_name")" = "$expected_stamp" ]
}

provider_script=$(find_provider_script)

if ! cache_ok; then
  if ! command -v go >/dev/null 2>&1; then
    die "no usable Pulumi CLI${path_note:+ ($path_note)} and no Go toolchain to build one: install Go >= 1.25 (the build uses only the Go module proxy) or put pulumi >= $version with pulumi-language-nodejs on PATH, then re-run"
  fi
fi
[ -z "$path_note" ] || log "$path_note; using the cached build"

if ! cache_ok; then
  mkdir -p "$cache_root"

  # One build at a time per cache root (concurrent CI jobs, two terminals).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.lock"
    if ! flock -n 9; then
      log "another ensure-pulumi build is running; waiting for it..."
      flock 9
    fi
    have_lock=1
  fi
fi

if ! cache_ok; then
  log "building pulumi $version from the Go module proxy into $bin_dir"
  log "(first run only: a cold build takes about 5 minutes on 2 cores; progress below)"
  started=$(date +%s)

  # Build in a temp dir beside the cache so the final move is an atomic rename;
  # an interrupted build leaves no half-filled bin dir behind.
  mkdir -p "$cache_root/$version"
  if [ -n "${have_lock:-}" ]; then
    rm -rf "$cache_root/$version"/.build.* # left by a killed build; none can be running
  fi
  work=$(mktemp -d "$cache_root/$version/.build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cp -R "$module_dir" "$work/src"
  mkdir -p "$work/bin"

  export CGO_ENABLED=0
  goflags=(-trimpath -tags osusergo,grpcnotrace)

  if [ "$version" != "$PINNED_VERSION" ]; then
    log "PULUMI_VERSION=$version differs from the pinned $PINNED_VERSION: re-resolving the module"
    (cd "$work/src" &&
      go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$version" \
                  -require="github.com/pulumi/pulumi/sdk/v3@$version" &&
      go mod tidy) >&2 || die "cannot resolve pulumi $version from the Go module proxy (see above)"
  fi

  log "[1/2] go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$version"
  if ! (cd "$work/src" && go build -v "${goflags[@]}" \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
      -o "$work/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) 2>&1 | progress ||
    [ ! -x "$work/bin/pulumi" ]; then
    die "building pulumi $version failed (see above)"
  fi

  # The Node.js language host. Its own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3)
  # has no tags and no version of it is served by the module proxy here, so it
  # is built from sdk/v3 $NODEJS_HOST_SDK_VERSION, the newest served sdk/v3 that
  # still contains it (see scripts/pulumi-cli/README.md).
  log "[2/2] go build github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$NODEJS_HOST_SDK_VERSION"
  if ! (cd "$work/src/nodejs-host" && go build -v "${goflags[@]}" \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$NODEJS_HOST_SDK_VERSION" \
      -o "$work/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs) 2>&1 | progress ||
    [ ! -x "$work/bin/pulumi-language-nodejs" ]; then
    die "building pulumi-language-nodejs failed (see above)"
  fi

  built_version=$(PULUMI_SKIP_UPDATE_CHECK=true PULUMI_HOME="$work/home" "$work/bin/pulumi" version 2>/dev/null | head -1 || true)
  [ "$built_version" = "$version" ] || die "built pulumi reports '$built_version', expected $version"

  printf '%s\n' "$expected_stamp" >"$work/bin/$stamp_name"
  install_provider_script "$provider_script" "$work/bin"

  # Swap in atomically: the old dir (stale stamp) is moved aside first.
  if [ -e "$bin_dir" ]; then
    mv "$bin_dir" "$work/old-bin"
  fi
  mv "$work/bin" "$bin_dir"
  rm -rf "$work"
  trap - EXIT
  log "built pulumi $version in $(($(date +%s) - started))s"
fi

install_provider_script "$provider_script" "$bin_dir"
install_analyzer_script "$bin_dir"
log "pulumi $version ready in $bin_dir"
printf '%s\n' "$bin_dir"
}

main "$@"; exit  # on one line: bash never reads past it, even if the file changed
