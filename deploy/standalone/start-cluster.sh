#!/usr/bin/env bash
# Starts a standalone Flink session cluster on this machine as separate processes: one JobManager
# (REST and web UI on --port, default 8081) and -n TaskManagers (default 1), RocksDB state and
# retained checkpoints under the run folder, every log in <run folder>/logs.
# Usage: start-cluster.sh [-n N] [--port 8081] [--slots 2] [--tm-memory 3g] [--nd4j-memory 1g] [--dir DIR]
# Stop it with stop-cluster.sh; add a TaskManager with start-taskmanager.sh, restart a JobManager
# that died with start-jobmanager.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

taskmanagers=1
rest_port=8081
slots=2
tm_memory=3g
nd4j_memory=1g
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) taskmanagers="$2"; shift 2 ;;
    --port) rest_port="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --tm-memory) tm_memory="$2"; shift 2 ;;
    --nd4j-memory) nd4j_memory="$2"; shift 2 ;;
    --dir) run_dir="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
rpc_port=$((rest_port + 42))   # 8123 next to 8081, away from Flink's default 6123
blob_port=$((rest_port + 43))
require_free_ports "JobManager" "$rest_port" "$rpc_port" "$blob_port"

conf="$run_dir/flink/conf"
mkdir -p "$conf" "$run_dir/checkpoints" "$run_dir/savepoints" "$run_dir/uploads" "$run_dir/tmp" "$run_dir/logs"
classpath "$here/flink-cluster.pom.xml" "$run_dir/flink/cp.txt" >/dev/null

cat >"$conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $tm_memory
# ND4J keeps the model and its optimiser state in native memory, outside Flink's managed budget.
taskmanager.memory.task.off-heap.size: $nd4j_memory
# RocksDB's share; the rest of the budget goes to ND4J and the heap.
taskmanager.memory.managed.fraction: 0.2
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
blob.server.port: $blob_port
parallelism.default: 2
state.backend.type: rocksdb
execution.checkpointing.dir: file://$run_dir/checkpoints
execution.checkpointing.savepoint-dir: file://$run_dir/savepoints
web.upload.dir: $run_dir/uploads
io.tmp.dirs: $run_dir/tmp
heartbeat.timeout: 20000
# A killed TaskManager stops answering heartbeat RPCs at once; two failed ones in a row
# (heartbeat.rpc-failure-threshold) mark it dead, so a short interval finds it in about 4 s
# instead of waiting out the timeout, which stays long enough for a garbage collection pause.
heartbeat.interval: 2000
# The REST API caches a job's state this long; scripts that watch a recovery need it short.
web.refresh-interval: 500 ms
YAML
cat >"$conf/log4j.properties" <<PROPS
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = \${sys:log.file}
appender.main.append = true
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
PROPS

# Fails here, naming the setting, rather than in a TaskManager that never registers.
flink_memory GET_TM_RESOURCE_PARAMS "$(cat "$run_dir/flink/cp.txt")" "$conf" >/dev/null
"$here/start-jobmanager.sh" --dir "$run_dir"

for ((t = 1; t <= taskmanagers; t++)); do
  "$here/start-taskmanager.sh" --dir "$run_dir" --quiet
done
wait_for 90 "$taskmanagers TaskManager(s)" bash -c \
  "curl -sf http://127.0.0.1:$rest_port/overview | grep -q '\"taskmanagers\":$taskmanagers[,}]'"

echo "Flink session cluster up: web UI and REST at http://127.0.0.1:$rest_port, $taskmanagers"\
" TaskManager(s) with $slots slots; checkpoints in $run_dir/checkpoints; logs in $run_dir/logs"
