#!/usr/bin/env bash
# Runs one mode of the deposit-io probe and prints its FeeStatement.
#
#   NODE_URL=http://127.0.0.1:PORT/v1 probe.sh MODE ADDRFILE      (run where the CLI profile is)
#
# ADDRFILE: one recipient address a line. The probe must be published from the CLI profile
# $PROFILE (default p): `movement move publish --profile p --package-dir move/probes/deposit-io
# --named-addresses probe_addr=p`. Prints: mode, recipients, success, status, execution / IO
# units, storage octas, gas used. The per-grant cost of a mode is the difference between runs to
# 200 and to 100 recipients.
set -euo pipefail
cli=${MOVEMENT_CLI:-movement}; export APTOS_DISABLE_TELEMETRY=true
mode=$1; f=$2; n=$(wc -l <"$f")
addrs=$(sed 's/.*/"&"/' "$f" | paste -sd,)
out=$("$cli" move run --profile "${PROFILE:-p}" --function-id "${PROFILE:-p}::probe::run" \
  --args "address:[$addrs]" "u8:$mode" --max-gas 2000000 --assume-yes </dev/null 2>&1)
h=$(grep -o '"transaction_hash": "[^"]*"' <<<"$out" | cut -d'"' -f4) || { echo "$out" | tail -20; exit 1; }
curl -sf "$NODE_URL/transactions/by_hash/$h" | python3 -c '
import json, sys
t = json.load(sys.stdin)
fs = [e["data"] for e in t["events"] if e["type"].endswith("FeeStatement")][0]
print(sys.argv[1], sys.argv[2], t["success"], t["vm_status"][:40], "exec", fs["execution_gas_units"],
      "io", fs["io_gas_units"], "storage", fs["storage_fee_octas"], "gas", t["gas_used"])' "$mode" "$n"
