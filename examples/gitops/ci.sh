#!/usr/bin/env bash
# The CI pipeline for examples/gitops, one stage per call:
#   ci.sh preview <stack>   on a pull request: validate the proposed change. Exits non-zero, with
#                           one readable message per mistake, when the change is invalid.
#   ci.sh apply <stack>     on merge to main: apply it (repairing any drift).
#   ci.sh drift <stack>     on a schedule: fail when the target drifted from the last apply.
# Needs: pulumi on PATH, PULUMI_BACKEND_URL and PULUMI_CONFIG_PASSPHRASE (or a Pulumi Cloud
# login), and the target's keys: DD_API_KEY / DD_APP_KEY with DD_SITE or CONNECTIONS_API_URL.
# The committed Pulumi.<stack>.yaml files carry their passphrase salt (the passphrase `examples`),
# so running this changes no tracked file. Here: `npm run example -- gitops <stage> <stack>`.
set -euo pipefail
cd "$(dirname "$0")"
stage=${1:?usage: ci.sh preview|apply|drift <stack>}
stack=${2:?usage: ci.sh preview|apply|drift <stack>}

pulumi stack select "$stack" --non-interactive 2>/dev/null || pulumi stack init "$stack" --non-interactive
case "$stage" in
  preview) pulumi preview --non-interactive --diff ;;
  # --refresh: read the target first, so an apply also puts back what someone changed by hand.
  apply)   pulumi up --refresh --yes --non-interactive ;;
  # (PULUMI_SKIP_CONFIRMATIONS would turn on --yes, which --preview-only refuses.)
  drift)   env -u PULUMI_SKIP_CONFIRMATIONS pulumi refresh --preview-only --expect-no-changes --diff --non-interactive ;;
  *) echo "unknown stage '$stage' (expected preview, apply or drift)" >&2; exit 2 ;;
esac
