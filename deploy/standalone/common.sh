# Shared by the standalone scripts: the run folder, classpaths, ports and processes. Sourced, not run.
# shellcheck shell=bash
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run_dir="${FLOWREC_CLUSTER_DIR:-$here/run}"

# Java 17 module flags every Flink process needs (REST job submission, Kryo fallbacks).
java17_flags=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The runtime classpath of one of this folder's poms, resolved once into the run folder.
classpath() { # pom-file out-file
  local pom="$1" out="$2"
  if [[ ! -s "$out" ]]; then
    mkdir -p "$(dirname "$out")"
    echo "Resolving $(basename "$pom") with Maven (first start only)..." >&2
    "$repo/mvnw" -B -q -f "$pom" dependency:build-classpath \
      -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime >&2
  fi
  cat "$out"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_ports() { # what port...
  local what="$1"; shift
  for p in "$@"; do
    if port_in_use "$p"; then
      die "port $p is taken, so the $what cannot start. Stop what listens there (ss -ltnp 'sport = :$p') or choose other ports (see --help)."
    fi
  done
}

wait_for() { # seconds description command...
  local seconds="$1" what="$2"; shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  die "$what did not come up within ${seconds}s; see the logs in $run_dir/logs"
}

# Starts a process in the background, its pid in run/pids/<name>.pid, its output in run/logs/<name>.out.
launch() { # name command...
  local name="$1"; shift
  mkdir -p "$run_dir/pids" "$run_dir/logs"
  local pidfile="$run_dir/pids/$name.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    die "$name is already running (pid $(cat "$pidfile")); stop it first"
  fi
  nohup "$@" >"$run_dir/logs/$name.out" 2>&1 &
  echo $! >"$pidfile"
}

# Stops the processes whose pid files match, and only those: TERM, then KILL after 20 s.
stop_matching() { # glob
  local stopped=0
  shopt -s nullglob
  for pidfile in "$run_dir"/pids/$1.pid; do
    local pid name
    pid="$(cat "$pidfile")"; name="$(basename "$pidfile" .pid)"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for ((i = 0; i < 80; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
      echo "Stopped $name (pid $pid)"
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  ((stopped > 0)) || echo "Nothing of $1 was running under $run_dir"
}

# The memory flags Flink's own scripts compute from the configuration: line 1 the JVM flags, line 2
# the dynamic properties. Dies with Flink's reason when the memory settings do not add up.
flink_memory() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS classpath conf-dir
  local out
  out="$(java -cp "$2" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$3" 2>&1)" || true
  if ! grep -q '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out"; then
    die "Flink refused the memory settings in $3/config.yaml: $(grep -m1 -o 'IllegalConfigurationException: .*' <<<"$out" || echo "$out" | tail -3)"
  fi
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}
