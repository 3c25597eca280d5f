#!/usr/bin/env bash
# Starts the JobManager of the cluster start-cluster.sh configured, for instance after it died: the
# TaskManagers register with it again. Without high availability it has forgotten its jobs; resume
# each from its newest retained checkpoint (flowrec job ... --from-savepoint <checkpoint dir>).
# Usage: start-jobmanager.sh [--dir DIR]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ "${1:-}" == --dir ]] && run_dir="$2"
conf="$run_dir/flink/conf"
[[ -f "$conf/config.yaml" ]] || die "no cluster configuration in $run_dir; run start-cluster.sh first"
rest_port="$(sed -n 's/^rest.port: //p' "$conf/config.yaml")"
require_free_ports "JobManager" "$rest_port"
cp="$(cat "$run_dir/flink/cp.txt")"
memory="$(flink_memory GET_JM_RESOURCE_PARAMS "$cp" "$conf")"
read -r -a jm_jvm <<<"$(sed -n 1p <<<"$memory")"
read -r -a jm_dyn <<<"$(sed -n 2p <<<"$memory")"
launch jobmanager java "${jm_jvm[@]}" "${java17_flags[@]}" \
  -Dlog.file="$run_dir/logs/jobmanager.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
  -cp "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$conf" "${jm_dyn[@]}"
wait_for 90 "the JobManager's REST API on port $rest_port" \
  curl -sf "http://127.0.0.1:$rest_port/overview"
