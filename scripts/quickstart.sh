#!/usr/bin/env bash
# `npm start`: the main job. Runs the quickstart stack (root Pulumi.yaml, program in
# examples/quickstart) with `pulumi up` against a local file state backend, then prints what was
# created and one connection resolved from the group by identifier values.
#
# Target: the embedded local backend (started here, data in .data/backend, stopped on exit)
# unless one is configured: CONNECTIONS_API_URL (another backend) or DD_SITE (Datadog; note
# that Datadog has no connection groups API, so the group cannot be applied there).
# Running it twice converges: the second run changes nothing.
#
# Where it keeps things (defaults in the repo, all git-ignored): QUICKSTART_DIR holds .data/
# (backend data and log), .pulumi-state/ and .pulumi-home/; QUICKSTART_STACK names the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${QUICKSTART_DIR:-$REPO}
STACK=${QUICKSTART_STACK:-quickstart}

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nquickstart: %s\n' "$*" >&2; exit 1; }

step "Installing npm packages (if needed) and building"
[ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund
npm run --silent build

step "Making sure the Pulumi CLI is available (the first run builds it: ~10 minutes)"
PULUMI_BIN_DIR=$(bash scripts/ensure-pulumi.sh | tail -n 1) || fail "could not get a Pulumi CLI (see above)"
export PATH="$PULUMI_BIN_DIR:$PATH"
echo "pulumi $(pulumi version) from $PULUMI_BIN_DIR"

backend_pid=""
cleanup() { if [ -n "$backend_pid" ]; then kill "$backend_pid" 2>/dev/null || true; wait "$backend_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [ -z "${CONNECTIONS_API_URL:-}" ] && [ -z "${DD_SITE:-}" ]; then
  step "Starting the embedded local connections backend (data in $WORK/.data/backend)"
  mkdir -p "$WORK/.data"
  log=$WORK/.data/backend.log
  node dist/backend/main.js --port "${CONNECTIONS_BACKEND_PORT:-0}" --data-dir "$WORK/.data/backend" >"$log" 2>&1 &
  backend_pid=$!
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$backend_pid" 2>/dev/null || { cat "$log" >&2; fail "the backend did not start (its log is above)"; }
    sleep 0.1
  done
  [ -n "${url:-}" ] || fail "the backend did not report its URL within 30 s (see $log)"
  keys_file=$(node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").match(/keys(?: file)?:? *(\S+\.json)/i); console.log(l?l[1]:"")' "$log")
  [ -n "$keys_file" ] || keys_file=$WORK/.data/backend/keys.json
  export CONNECTIONS_API_URL="$url"
  # The first user's keys, handed to the provider through the environment (never stack config).
  DD_API_KEY=$(node -e 'const k=require(require("path").resolve(process.argv[1])); console.log(k.apiKeys[0])' "$keys_file")
  DD_APP_KEY=$(node -e 'const k=require(require("path").resolve(process.argv[1])); console.log(k.users[0].applicationKeys[0])' "$keys_file")
  export DD_API_KEY DD_APP_KEY
  echo "backend at $url (keys in $keys_file)"
fi

step "Preparing the local Pulumi state ($WORK/.pulumi-state) and the $STACK stack"
export PULUMI_BACKEND_URL="file://$WORK/.pulumi-state"
export PULUMI_HOME="${PULUMI_HOME:-$WORK/.pulumi-home}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-quickstart}"
export PULUMI_SKIP_UPDATE_CHECK=true
mkdir -p "$WORK/.pulumi-state"
pulumi stack select "$STACK" --non-interactive 2>/dev/null || pulumi stack init "$STACK" --non-interactive
if ! pulumi config get statusApiToken >/dev/null 2>&1; then
  pulumi config set --secret statusApiToken "demo-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
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

echo
echo "Done. Run \`npm start\` again: it converges (no changes)."
