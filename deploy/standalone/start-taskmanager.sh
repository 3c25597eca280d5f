#!/usr/bin/env bash
# Starts one more TaskManager for the cluster start-cluster.sh started (after a crash, or to add
# slots). Usage: start-taskmanager.sh [--dir DIR]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
quiet=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) run_dir="$2"; shift 2 ;;
    --quiet) quiet=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
conf="$run_dir/flink/conf"
[[ -f "$conf/config.yaml" ]] || die "no cluster configuration in $run_dir; run start-cluster.sh first"
cp="$(cat "$run_dir/flink/cp.txt")"
memory="$(flink_memory GET_TM_RESOURCE_PARAMS "$cp" "$conf")"
read -r -a tm_jvm <<<"$(sed -n 1p <<<"$memory")"
read -r -a tm_dyn <<<"$(sed -n 2p <<<"$memory")"
# A name not used before, so every TaskManager that ever ran keeps its own log.
n=1
while [[ -e "$run_dir/logs/taskmanager-$n.log" || -e "$run_dir/pids/taskmanager-$n.pid" ]]; do
  n=$((n + 1))
done
: >"$run_dir/logs/taskmanager-$n.log"
launch "taskmanager-$n" env OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" java "${tm_jvm[@]}" \
  "${java17_flags[@]}" -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events \
  -Dlog.file="$run_dir/logs/taskmanager-$n.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
  -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" "${tm_dyn[@]}"
((quiet)) || echo "Started taskmanager-$n (pid $(cat "$run_dir/pids/taskmanager-$n.pid")); log $run_dir/logs/taskmanager-$n.log"
