#!/usr/bin/env bash
# `npm start`: the main job, and the way to keep using its stack afterwards.
#
#   npm start                     pulumi up on the quickstart stack (root Pulumi.yaml, program in
#                                 examples/quickstart), then what it created and one connection
#                                 resolved from the group. A second run changes nothing.
#   npm start -- preview [args]   pulumi preview --diff
#   npm start -- refresh [args]   pulumi refresh --yes (read every connection back: drift)
#   npm start -- destroy [args]   pulumi destroy --yes (`npm start` creates it all again)
#   npm start -- up [args]        pulumi up --yes, e.g. `npm start -- up --refresh`
#   npm start -- change-by-hand   rename the connection aws-prod-a on the backend, outside Pulumi
#                                 (what an edit in the Datadog UI does): drift to find
#   npm start -- <anything else>  that pulumi command on the stack, e.g. `npm start -- stack output`
# Each starts the embedded local backend, runs the command, and stops the backend. --yes is not
# added to a command given --preview-only (pulumi refuses the two together). Standard input goes
# to the pulumi command alone, so a secret can be piped in without showing on the terminal:
#   openssl rand -hex 16 | npm start -- config set --secret statusApiToken
#
# Target: the embedded local backend on 127.0.0.1:${CONNECTIONS_BACKEND_PORT:-18080} (data in
# .data/backend), unless CONNECTIONS_API_URL (another backend) or DD_SITE (a Datadog site; it
# cannot create connection groups, so the quickstart's new group fails at preview there) is set. The target is written
# to the stack's own config (Pulumi.<stack>.yaml: connections:apiUrl or connections:site), so a
# plain `pulumi` command on the stack goes where `npm start` went, never to a default site.
#
# Where it keeps things (defaults in the repo, all git-ignored): QUICKSTART_DIR holds .data/
# (backend data and log), .pulumi-state/ and .pulumi-home/; QUICKSTART_STACK names the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
# Keep standard input for the pulumi command itself (a piped secret); nothing else reads it.
exec 3<&0 </dev/null
REPO=$PWD
WORK=${QUICKSTART_DIR:-$REPO}
STACK=${QUICKSTART_STACK:-quickstart}
PORT=${CONNECTIONS_BACKEND_PORT:-18080}
# shellcheck source=scripts/lib/run-locally.sh
source scripts/lib/run-locally.sh

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nquickstart: %s\n' "$*" >&2; exit 1; }

step "Building (only what changed since the last build)"
build_changed || fail "could not build"

step "Making sure the Pulumi CLI is available (the first run builds it: about 5 minutes)"
use_pulumi_cli || fail "could not get a Pulumi CLI (see above)"
echo "pulumi $(pulumi version)"

if [ -z "${CONNECTIONS_API_URL:-}" ] && [ -z "${DD_SITE:-}" ]; then
  step "Starting the embedded local connections backend (data in $WORK/.data/backend)"
  start_local_backend "$WORK/.data/backend" "$PORT" "$WORK/.data/backend.log" || fail "the local backend did not start"
  echo "backend at $CONNECTIONS_API_URL (keys in $LOCAL_BACKEND_KEYS_FILE)"
fi

step "Preparing the local Pulumi state ($WORK/.pulumi-state) and the $STACK stack"
export PULUMI_BACKEND_URL="file://$WORK/.pulumi-state"
export PULUMI_HOME="${PULUMI_HOME:-$WORK/.pulumi-home}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-quickstart}"
mkdir -p "$WORK/.pulumi-state"
pulumi stack select "$STACK" --non-interactive 2>/dev/null || pulumi stack init "$STACK" --non-interactive
if ! pulumi config get statusApiToken >/dev/null 2>&1; then
  pulumi config set --secret statusApiToken "demo-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
fi
# The stack records its target (config wins over the environment in the provider). Written only
# when it changed, so a second run leaves the file as it was.
set_config() { [ "$(pulumi config get "$1" 2>/dev/null || true)" = "$2" ] || pulumi config set "$1" "$2"; }
unset_config() { if pulumi config get "$1" >/dev/null 2>&1; then pulumi config rm "$1"; fi; }
if [ -n "${CONNECTIONS_API_URL:-}" ]; then
  set_config connections:apiUrl "$CONNECTIONS_API_URL"
  unset_config connections:site
else
  set_config connections:site "$DD_SITE"
  unset_config connections:apiUrl
fi
echo "stack $STACK targets $(pulumi config get connections:apiUrl 2>/dev/null || pulumi config get connections:site) (its config: $REPO/Pulumi.$STACK.yaml)"

if [ $# -gt 0 ]; then
  command=$1
  shift
  if [ "$command" = change-by-hand ]; then
    step "Renaming the connection aws-prod-a on the backend, outside Pulumi (as an edit in the Datadog UI would)"
    id=$(pulumi stack output awsConnections --json | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).prodA')
    node scripts/examples/change-by-hand.js "$id" "AWS aws-prod-a (renamed by hand)"
    echo "Now \`npm start -- refresh --preview-only --expect-no-changes\` fails and shows the change;"
    echo "\`npm start -- up --refresh\` puts back what the program declares."
    exit 0
  fi
  yes=(--yes)
  for arg in "$@"; do [[ $arg == --preview-only* ]] && yes=(); done
  case "$command" in
    preview) args=(preview --diff "$@") ;;
    refresh | destroy | up) args=("$command" "${yes[@]}" "$@") ;;
    *) args=("$command" "$@") ;;
  esac
  shown="pulumi ${args[*]}"
  # A secret given on the command line is not printed again (npm has echoed the command already).
  if [ "$command" = config ] && [[ " ${args[*]} " == *" --secret "* ]]; then shown="pulumi config ${args[1]:-} --secret ..."; fi
  step "$shown"
  pulumi "${args[@]}" <&3
  if [ "$command" = destroy ]; then
    echo
    echo "Destroyed. \`npm start\` creates the quickstart stack's resources again."
  fi
  exit 0
fi

step "pulumi up"
pulumi up --yes --non-interactive

step "What was created"
pulumi stack output --json

step "Resolving a connection from the group by its identifier values (account_id=222222222222)"
node -e '
  const { ConnectionsClient } = require("./dist/client");
  const groupId = process.argv[1];
  new ConnectionsClient().groups.resolve(groupId, { account_id: "222222222222" })
    .then((c) => console.log(`account_id=222222222222 -> connection ${c.id} "${c.name}" (${c.integration.type}, tags ${c.tags.join(", ")})`))
    .catch((e) => { console.error(String(e.message || e)); process.exit(1); });
' "$(pulumi stack output groupId)"

cat <<EOF

Done. Run \`npm start\` again: it changes nothing. What next (each starts the local backend,
runs one pulumi command on the $STACK stack, and stops the backend):
  npm start -- preview     what would change (nothing, right after an up)
  npm start -- refresh     read every connection back from the backend (drift)
  npm start -- destroy     delete what the quickstart created
  npm start -- stack output     or any other pulumi command
EOF
