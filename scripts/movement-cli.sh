#!/usr/bin/env bash
# Finds the Movement CLI (the Move compiler and test runner, `node run-localnet`) and prints its path.
#
#   cli=$(scripts/movement-cli.sh) || exit 1      # as a command
#   . scripts/movement-cli.sh; cli=$(movement_cli) # sourced: defines movement_cli, changes nothing else
#
# Looked for, in order:
#   1. $MOVEMENT_CLI   a path, or a command name on PATH
#   2. `movement` on PATH (what Movement's installers provide)
#   3. ../shared/tools/movement next to this checkout (the team kit)
# When none is found it says how to install the CLI, on stderr, and fails (exit/return 1).

movement_cli() {
    local root kit found
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    kit="$root/../shared/tools/movement"

    if [[ -n "${MOVEMENT_CLI:-}" ]]; then
        if found="$(command -v -- "$MOVEMENT_CLI")" && [[ -x "$found" && ! -d "$found" ]]; then
            printf '%s\n' "$found"
            return 0
        fi
        echo "movement-cli.sh: MOVEMENT_CLI=$MOVEMENT_CLI is not an executable file or a command on PATH." >&2
        return 1
    fi
    if found="$(command -v movement)"; then
        printf '%s\n' "$found"
        return 0
    fi
    if [[ -x "$kit" && ! -d "$kit" ]]; then
        printf '%s\n' "$(cd "$(dirname "$kit")" && pwd)/movement"
        return 0
    fi
    echo "movement-cli.sh: the Movement CLI was not found (not in MOVEMENT_CLI, not \`movement\` on PATH, not ../shared/tools/movement next to this checkout): install it from Movement's releases (https://docs.movementnetwork.xyz/devs/movementcli), then put \`movement\` on PATH or set MOVEMENT_CLI=/path/to/movement" >&2
    return 1
}

# Run as a command (not sourced): print the path or fail.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    movement_cli
fi
