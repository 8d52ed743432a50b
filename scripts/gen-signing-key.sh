#!/usr/bin/env bash
# Prints one new message signing key line, `KEY_ID:BASE64-SECRET` (32 random bytes), the format
# of MESSAGE_SIGNING_KEYS_FILE (README "Message signing"). Both services need the same file.
#
#   scripts/gen-signing-key.sh [KEY_ID]               (default: k-<UTC date and time>)
#   scripts/gen-signing-key.sh 2026-12 >> signing-keys    # add a key, e.g. to rotate
#   kubectl -n token-grants create secret generic message-signing-keys \
#     --from-file=signing-keys=<(scripts/gen-signing-key.sh 2026-12)
#
# The secret comes from the operating system's random source (Python's `secrets`, or openssl
# when Python is missing). Key ids are 1 to 64 characters of A-Z a-z 0-9 . _ -.
set -euo pipefail
key_id=${1:-k-$(date -u +%Y%m%dT%H%M%SZ)}
if ! [[ $key_id =~ ^[A-Za-z0-9._-]{1,64}$ ]]; then
  echo "gen-signing-key: key id must be 1 to 64 characters of A-Z a-z 0-9 . _ - (got '$key_id')" >&2
  exit 2
fi
if command -v python3 >/dev/null 2>&1; then
  secret=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
elif command -v openssl >/dev/null 2>&1; then
  secret=$(openssl rand -base64 32)
else
  echo "gen-signing-key: needs python3 or openssl" >&2
  exit 1
fi
printf '%s:%s\n' "$key_id" "$secret"
