#!/usr/bin/env bash
# Stops the TaskManagers and the JobManager that start-cluster.sh and start-taskmanager.sh started,
# and nothing else (the processes named by their pid files). Usage: stop-cluster.sh [--dir DIR]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ "${1:-}" == --dir ]] && run_dir="$2"
stop_matching 'taskmanager-*'
stop_matching jobmanager
