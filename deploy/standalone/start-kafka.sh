#!/usr/bin/env bash
# Starts one KRaft Kafka broker (broker and controller in one process) for the standalone cluster,
# with its data in the run folder, and creates FlowRec's topics. Usage: start-kafka.sh [--port 19092]
# [--partitions 2] [--dir DIR]. Stop it with stop-kafka.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

port=19092
partitions=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --dir) run_dir="$2"; shift 2 ;;
    -h|--help) sed -n 2,4p "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
controller_port=$((port + 1))
require_free_ports "Kafka broker" "$port" "$controller_port"

kafka="$run_dir/kafka"
mkdir -p "$kafka/data" "$run_dir/logs"
cp="$(classpath "$here/kafka-broker.pom.xml" "$kafka/cp.txt")"

cat >"$kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# The job's exactly-once sinks keep a transaction open for a checkpoint interval plus its timeout.
transaction.max.timeout.ms=900000
PROPS
cat >"$kafka/log4j2.properties" <<PROPS
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.name = file
appender.file.type = File
appender.file.fileName = $run_dir/logs/kafka.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n
PROPS

java_kafka=(java -Xmx1g -Dlog4j2.configurationFile="file:$kafka/log4j2.properties" -cp "$cp")
if [[ ! -f "$kafka/data/meta.properties" ]]; then
  cluster_id="$("${java_kafka[@]}" kafka.tools.StorageTool random-uuid)"
  "${java_kafka[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$kafka/server.properties" >"$run_dir/logs/kafka-format.out" 2>&1 \
    || die "formatting $kafka/data failed; see $run_dir/logs/kafka-format.out"
fi
launch kafka "${java_kafka[@]}" kafka.Kafka "$kafka/server.properties"
wait_for 60 "Kafka broker on port $port" port_in_use "$port"

topic() { # name partitions config...
  local name="$1" parts="$2"; shift 2
  local configs=()
  for c in "$@"; do configs+=(--config "$c"); done
  "${java_kafka[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" \
    --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1 \
    "${configs[@]}" >>"$run_dir/logs/kafka-topics.out" 2>&1 \
    || die "creating topic $name failed; see $run_dir/logs/kafka-topics.out"
}
topic flowrec.impressions "$partitions"
topic flowrec.feedback "$partitions"
topic flowrec.dead-letter 1 max.message.bytes=1048588
# Chunks of one snapshot share a key: compaction would keep only the last chunk.
topic flowrec.snapshots 1 cleanup.policy=delete retention.ms=86400000 max.message.bytes=1048588

echo "Kafka (KRaft) is up at 127.0.0.1:$port (pid $(cat "$run_dir/pids/kafka.pid")); topics"\
" flowrec.impressions and flowrec.feedback ($partitions partitions), flowrec.dead-letter,"\
" flowrec.snapshots; log $run_dir/logs/kafka.log"
