#!/usr/bin/env bash
# `npm run example -- <example> ...`: run one example with one command.
#
#   npm run example -- invalid <mistake>        pulumi preview of examples/invalid, showing one
#       mistake's message: tags | integration | keys | clash | mixed | forbidden | all
#   npm run example -- gitops <stage> <stack>   examples/gitops/ci.sh <stage> <stack>, the CI
#       pipeline: preview | apply | drift, plus destroy; stacks dev and prod
#   npm run example -- access [up|preview|destroy]   examples/access (default up: a team that may
#       resolve, a role that may edit), then who may do what
#   npm run example -- quickstart [command]     the same as `npm start [-- command]`
#
# Each builds what changed, puts the Pulumi CLI on PATH, starts the embedded local backend, runs
# the example, and stops the backend. State lives in EXAMPLES_DIR (default .data/examples,
# git-ignored): backend/ (its data and keys.json: you, and a teammate who owns the connection
# `invalid forbidden` needs), state/ (the Pulumi file state), home/ (PULUMI_HOME). Delete the
# directory to start over. The examples' stacks use the passphrase `examples`: the gitops stack
# files commit their encryptionsalt, as a GitOps repository does, and it goes with that passphrase.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
USAGE="usage: npm run example -- invalid <tags|integration|keys|clash|mixed|forbidden|all>
       npm run example -- gitops <preview|apply|drift|destroy> <dev|prod>
       npm run example -- access [up|preview|destroy]
       npm run example -- quickstart [pulumi command]"
example=${1:-}
[ -n "$example" ] || { echo "$USAGE" >&2; exit 2; }
case "$example" in -h | --help | help) echo "$USAGE"; exit 0 ;; esac
shift
[ "$example" = quickstart ] && exec bash scripts/quickstart.sh "$@"
case "$example" in
  # The program checks the name too; here it keeps a misspelt mistake from looking like a result.
  invalid) [ $# -eq 1 ] && [[ $1 =~ ^(tags|integration|keys|clash|mixed|forbidden|all)$ ]] ||
    { printf 'unknown mistake "%s"\n%s\n' "${1:-}" "$USAGE" >&2; exit 2; } ;;
  gitops) [ $# -eq 2 ] || { echo "$USAGE" >&2; exit 2; } ;;
  access) [ $# -eq 0 ] || { [ $# -eq 1 ] && [[ $1 =~ ^(up|preview|destroy)$ ]]; } || { echo "$USAGE" >&2; exit 2; } ;;
  *) printf 'unknown example "%s"\n%s\n' "$example" "$USAGE" >&2; exit 2 ;;
esac

WORK=${EXAMPLES_DIR:-$REPO/.data/examples}
# shellcheck source=scripts/lib/run-locally.sh
source scripts/lib/run-locally.sh
step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nexample: %s\n' "$*" >&2; exit 1; }

step "Building (only what changed since the last build)"
build_changed || fail "could not build"
use_pulumi_cli || fail "could not get a Pulumi CLI (see above)"

# Two users, so that one can own a connection the other may not resolve; the teammate is in the
# team "payments" that examples/access grants (preview checks that every principal exists).
# A keys file from an earlier run gains the team.
keys_file=$WORK/backend/keys.json
mkdir -p "$WORK/backend"
node -e '
  const fs = require("fs");
  const key = (n) => require("crypto").randomBytes(n).toString("hex");
  const file = process.argv[1];
  const keys = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {
    org: { id: "example-org", name: "Example" },
    apiKeys: [key(16)],
    users: [
      { id: "you", name: "You", roles: ["admin"], applicationKeys: [key(20)] },
      { id: "teammate", name: "Teammate", roles: ["dev"], applicationKeys: [key(20)] },
    ],
  };
  const teammate = keys.users.find((u) => u.id === "teammate");
  if (teammate && !(teammate.teams ?? []).includes("payments")) teammate.teams = [...(teammate.teams ?? []), "payments"];
  fs.writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
' "$keys_file"
step "Starting the embedded local connections backend (data in $WORK/backend)"
unset DD_SITE
start_local_backend "$WORK/backend" 0 "$WORK/backend.log" "$keys_file" || fail "the local backend did not start"
echo "backend at $CONNECTIONS_API_URL"

export PULUMI_BACKEND_URL="file://$WORK/state"
export PULUMI_HOME="$WORK/home"
export PULUMI_CONFIG_PASSPHRASE=examples
mkdir -p "$WORK/state" "$WORK/home"

case "$example" in
  invalid)
    mistake=$1
    config=(-c "mistake=$mistake")
    # `all` is every mistake, the forbidden member too.
    if [ "$mistake" = forbidden ] || [ "$mistake" = all ]; then
      step "Setting up a connection you may view but not resolve (owned by Teammate, restricted by a policy)"
      id=$(node scripts/examples/forbidden-connection.js "$CONNECTIONS_API_URL" "$keys_file" "$WORK/forbidden-connection-id") ||
        fail "could not set up the forbidden connection (see above)"
      echo "connection $id"
      config+=(-c "forbiddenConnectionId=$id")
    fi
    cd examples/invalid
    pulumi stack select dev --non-interactive 2>/dev/null || pulumi stack init dev --non-interactive
    step "pulumi preview -c mistake=$mistake (it should fail, with the mistake's message)"
    if pulumi preview --non-interactive "${config[@]}"; then
      fail "the preview passed, but mistake=$mistake should have failed it"
    fi
    echo
    echo "The preview failed, as it should: the message above is what mistake=$mistake shows."
    ;;
  gitops)
    stage=$1 stack=$2
    cd examples/gitops
    step "examples/gitops: $stage $stack"
    if [ "$stage" = destroy ]; then
      pulumi stack select "$stack" --non-interactive
      pulumi destroy --yes --non-interactive
    else
      bash ci.sh "$stage" "$stack"
    fi
    ;;
  access)
    stage=${1:-up}
    cd examples/access
    # Pulumi.dev.yaml is committed with its passphrase salt (the passphrase `examples`), so
    # selecting or creating the stack leaves it as it is.
    pulumi stack select dev --non-interactive 2>/dev/null || pulumi stack init dev --non-interactive
    step "examples/access: pulumi $stage (team:payments may resolve, role:admin may edit; you hold role:admin)"
    case "$stage" in
      preview) pulumi preview --diff --non-interactive ;;
      up) pulumi up --yes --non-interactive && pulumi stack output --json ;;
      destroy) pulumi destroy --yes --non-interactive ;;
    esac
    ;;
esac
