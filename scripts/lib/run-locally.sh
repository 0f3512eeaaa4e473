# Sourced by scripts/quickstart.sh and scripts/example.sh (from the repository root): the build,
# the Pulumi CLI on PATH, and the embedded local backend started for the duration of one script.

# build_changed: install the npm packages when missing, then `npm run build` (tsc -b), which
# compiles only projects whose sources changed since the last build. Says which it was.
build_changed() {
  local started log compiled
  [ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund
  started=$(date +%s)
  log=$(npm run --silent build -- --verbose 2>&1) || { printf '%s\n' "$log" >&2; echo "the build failed (see above)" >&2; return 1; }
  compiled=$(printf '%s\n' "$log" | grep -c "Building project" || true)
  if [ "$compiled" = 0 ]; then
    echo "up to date: no source changed since the last build, nothing compiled"
  else
    echo "compiled $compiled project(s) in $(($(date +%s) - started)) s"
  fi
}

# use_pulumi_cli: put pulumi, pulumi-language-nodejs and the dynamic-provider plugin on PATH
# (scripts/ensure-pulumi.sh builds them once, about 5 minutes on 2 cores, then caches them).
use_pulumi_cli() {
  local bin_dir
  bin_dir=$(bash scripts/ensure-pulumi.sh | tail -n 1) || { echo "could not get a Pulumi CLI (see above)" >&2; return 1; }
  export PATH="$bin_dir:$PATH"
  export PULUMI_SKIP_UPDATE_CHECK=true
}

# start_local_backend DATA_DIR PORT LOG [KEYS_FILE]: start the backend package's server in the
# background and wait until it listens. Exports CONNECTIONS_API_URL and, from the keys file's first
# user, DD_API_KEY / DD_APP_KEY (the environment, never stack config or state). The backend stops
# when the calling script exits. PORT 0 picks a free port; a taken port fails with a clear message.
start_local_backend() {
  local data_dir=$1 port=$2 log=$3 keys_file=${4:-$1/keys.json} url=""
  mkdir -p "$data_dir" "$(dirname "$log")"
  # Emptied here, before the backend starts, and appended to by it: the loop below can only read
  # this run's lines (a truncation done by the background process itself could come after the
  # first read, which would then find the previous run's URL).
  : >"$log"
  node backend/dist/main.js --port "$port" --data-dir "$data_dir" --keys-file "$keys_file" >>"$log" 2>&1 &
  LOCAL_BACKEND_PID=$!
  trap stop_local_backend EXIT
  for _ in $(seq 1 600); do
    url=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | cut -d' ' -f3 || true)
    [ -n "$url" ] && break
    if ! kill -0 "$LOCAL_BACKEND_PID" 2>/dev/null; then
      LOCAL_BACKEND_PID=""
      if grep -q EADDRINUSE "$log"; then
        echo "port $port is already in use (another program, or a backend from another run still up)." >&2
        echo "Free it, or pick another port: CONNECTIONS_BACKEND_PORT=<port> (the stack config follows it)." >&2
      else
        cat "$log" >&2
        echo "the local backend did not start (its log is above, also in $log)" >&2
      fi
      return 1
    fi
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the local backend did not report its URL within 60 s (see $log)" >&2; return 1; }
  export CONNECTIONS_API_URL=$url
  DD_API_KEY=$(node -p 'require(require("path").resolve(process.argv[1])).apiKeys[0]' "$keys_file")
  DD_APP_KEY=$(node -p 'require(require("path").resolve(process.argv[1])).users[0].applicationKeys[0]' "$keys_file")
  export DD_API_KEY DD_APP_KEY
  LOCAL_BACKEND_KEYS_FILE=$keys_file
}

stop_local_backend() {
  if [ -n "${LOCAL_BACKEND_PID:-}" ]; then
    kill "$LOCAL_BACKEND_PID" 2>/dev/null || true
    wait "$LOCAL_BACKEND_PID" 2>/dev/null || true
    LOCAL_BACKEND_PID=""
  fi
}
