#!/usr/bin/env bash
# Stops the Kafka broker that start-kafka.sh started (and nothing else). Usage: stop-kafka.sh [--dir DIR]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ "${1:-}" == --dir ]] && run_dir="$2"
stop_matching kafka
