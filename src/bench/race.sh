#!/usr/bin/env bash
# The race: the packaged agent against rsyslog and syslog-ng (Debian's), one after another on this
# machine, on the same seeded nginx-combined file, each shipping every line to a loopback sink.
# Prints one table (median of the rounds) and writes it to target/race/race-table.md.
# What each column means, the sinks and the machine: docs/performance.md.
#
#   src/bench/race.sh                          # 200 MB, 3 rounds
#   RACE_MB=20 RACE_ROUNDS=1 src/bench/race.sh # a quick try
#
# Settings (environment):
#   RACE_MB      size of the input in MB (10^6 bytes), default 200
#   RACE_ROUNDS  rounds; every contestant runs once per round, in turn, default 3
#   RACE_SEED    seed of the input, default 42
#   RACE_JOBS    which jobs, default "raw nginx regex"
#   RACE_OUT     where the input, the table and the per-run results go, default target/race
#   RACE_AGENT_FLAGS  the agent's JVM flags; default: the ones of the README's run command
#   RACE_IDLE_S  a sink gives up after this many seconds without data, default 120
#   RACE_WHO     which contestants, default "rsyslog syslog-ng agent", and "agent-aot" when
#                RACE_AOT_JAVA is set (e.g. "agent" to profile it)
#   RACE_AOT_JAVA  a java of JDK 25 or later: the contestant "agent-aot" is the same agent run by it
#                with an AOT cache (-XX:AOTCache), trained before the rounds by logcamel-aot-train
#   RACE_SINK_DELAY_MS  the PutLogs sink answers each request this much later (a WAN round trip), default 0
#   RACE_TAIL_PARAMS  extra tail: parameters of the agent's route, "key: value" pairs separated by ";"
#                (e.g. "maxBatchesInFlight: 1"), default none: the shipped defaults
#
# Not a test: CI does not run it. It needs root (or sudo) only to install missing packages.
set -euo pipefail
# One block, so bash reads the whole script before it runs: editing it during a race (which takes
# minutes) does not change the race under way.
{

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MB=${RACE_MB:-200}
ROUNDS=${RACE_ROUNDS:-3}
SEED=${RACE_SEED:-42}
JOBS=${RACE_JOBS:-raw nginx regex}
OUT=${RACE_OUT:-$ROOT/target/race}
IDLE_S=${RACE_IDLE_S:-120}
AOT_JAVA=${RACE_AOT_JAVA:-}
WHO=${RACE_WHO:-rsyslog syslog-ng agent${AOT_JAVA:+ agent-aot}}
CLK_TCK=$(getconf CLK_TCK)

die() { echo "race: $*" >&2; exit 1; }
log() { echo "race: $*" >&2; }

[[ $MB =~ ^[1-9][0-9]*$ ]] || die "RACE_MB must be a positive whole number of MB, got '$MB'"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "RACE_ROUNDS must be a positive whole number, got '$ROUNDS'"
[[ $SEED =~ ^[0-9]+$ ]] || die "RACE_SEED must be a whole number, got '$SEED'"
for job in $JOBS; do
    [[ $job == raw || $job == nginx || $job == regex ]] || die "RACE_JOBS: unknown job '$job' (raw, nginx, regex)"
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/logcamel-race.XXXXXX")
STARTED=()   # pids this script started; only these are ever signalled

cleanup() {
    local pid
    for pid in "${STARTED[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- Contestants: installed from Debian when missing -----------------------------------------------

as_root() {
    if [[ $(id -u) == 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "installing needs root: run '$*' as root, or install the package yourself"
    fi
}

# Packages must not start as system services: policy-rc.d answering 101 tells invoke-rc.d and
# deb-systemd-invoke not to start anything. Put in place only for the install if there is none.
apt_install() {
    local made_policy=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
        made_policy=yes
    fi
    # never remove what is installed (rsyslog and syslog-ng-core conflict: installing one would
    # remove the other, maybe the machine's own syslog daemon)
    local removals
    removals=$(apt-get -s install -y --no-install-recommends "$@" 2>/dev/null | awk '/^Remv / { print $2 }' | tr '\n' ' ')
    if [[ -n $removals ]]; then
        [[ -n $made_policy ]] && as_root rm -f /usr/sbin/policy-rc.d
        die "apt-get install $* would remove: $removals; install the contestants yourself (docs/performance.md)"
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$WORK/apt.log" 2>&1 \
        || { [[ -n $made_policy ]] && as_root rm -f /usr/sbin/policy-rc.d; tail -20 "$WORK/apt.log" >&2; die "apt-get install $* failed"; }
    [[ -n $made_policy ]] && as_root rm -f /usr/sbin/policy-rc.d
    return 0
}

RSYSLOGD=$(command -v rsyslogd || true)
if [[ -z $RSYSLOGD ]]; then
    apt_install rsyslog
    RSYSLOGD=$(command -v rsyslogd) || die "rsyslog installed but rsyslogd not found"
fi
RSYSLOG_MODULES=$(dirname "$(dpkg -L rsyslog 2>/dev/null | grep '/imfile.so$' | head -1)")
HAVE_MMNORMALIZE=""
if [[ -e $RSYSLOG_MODULES/mmnormalize.so ]]; then
    HAVE_MMNORMALIZE=yes
elif apt-cache show rsyslog-mmnormalize >/dev/null 2>&1; then
    apt_install rsyslog-mmnormalize
    HAVE_MMNORMALIZE=yes
else
    log "no mmnormalize (neither in rsyslog nor a rsyslog-mmnormalize package): rsyslog sits out the parsed jobs"
fi

# Debian's rsyslog and syslog-ng-core conflict (both provide system-log-daemon), so when rsyslog is
# the installed one, syslog-ng runs from its own .deb unpacked under target/race/syslog-ng (its
# libraries installed normally); either way in the foreground with a private config.
SYSLOG_NG=$(command -v syslog-ng || true)
SYSLOG_NG_ENV=()
SYSLOG_NG_ARGS=()
if [[ -z $SYSLOG_NG ]]; then
    SNG_ROOT=$OUT/syslog-ng
    if [[ ! -x $SNG_ROOT/usr/sbin/syslog-ng ]]; then
        if ! dpkg -s rsyslog >/dev/null 2>&1; then
            apt_install syslog-ng-core
        else
            apt_install libcap2 libglib2.0-0 libivykis0 libjson-c5 libnet1 libpcre3 libssl3 libwrap0
            log "apt-get download syslog-ng-core (unpacked under $SNG_ROOT, not installed: it conflicts with rsyslog)"
            (cd "$WORK" && apt-get download syslog-ng-core >"$WORK/apt-download.log" 2>&1) \
                || { cat "$WORK/apt-download.log" >&2; die "apt-get download syslog-ng-core failed"; }
            rm -rf "$SNG_ROOT" && mkdir -p "$SNG_ROOT"
            dpkg-deb -x "$WORK"/syslog-ng-core_*.deb "$SNG_ROOT"
        fi
    fi
    if [[ -x $SNG_ROOT/usr/sbin/syslog-ng ]]; then
        SYSLOG_NG=$SNG_ROOT/usr/sbin/syslog-ng
        SYSLOG_NG_ENV=(env "LD_LIBRARY_PATH=$SNG_ROOT/usr/lib/syslog-ng")
        SYSLOG_NG_ARGS=("--module-path=$(ls -d "$SNG_ROOT"/usr/lib/syslog-ng/3.* | head -1)")
    else
        SYSLOG_NG=$(command -v syslog-ng) || die "syslog-ng installed but not found"
    fi
fi
RSYSLOG_VERSION=$("$RSYSLOGD" -v 2>/dev/null | head -1 | sed -E 's/,.*//; s/ compiled with.*//; s/ +/ /g')
SYSLOG_NG_VERSION=$("${SYSLOG_NG_ENV[@]}" "$SYSLOG_NG" "${SYSLOG_NG_ARGS[@]}" --version 2>/dev/null | head -1)

# ---- The agent and the race's own helpers ----------------------------------------------------------

AGENT_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [[ ! -e $AGENT_JAR ]]; then
    log "building the agent (./mvnw -B -q package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "the agent did not build"
fi
# The README's run command is the agent as users start it: take its JVM flags from there.
if [[ -n ${RACE_AGENT_FLAGS:-} ]]; then
    read -r -a AGENT_FLAGS <<<"$RACE_AGENT_FLAGS"
else
    run_line=$(grep -m1 -E '^\./mvnw .*&& java .*quarkus-run\.jar' "$ROOT/README.md" || true)
    [[ -n $run_line ]] || die "README.md has no run command (./mvnw ... && java ... quarkus-run.jar); set RACE_AGENT_FLAGS"
    read -r -a AGENT_FLAGS <<<"$(sed -E 's/.*&& java (.*) -jar .*/\1/; s/-Dquarkus\.config\.locations=[^ ]*//' <<<"$run_line")"
fi
LZ4_JAR=$(ls "$ROOT"/target/quarkus-app/lib/main/*lz4-java*.jar 2>/dev/null | head -1)
[[ -n $LZ4_JAR ]] || die "no lz4-java jar in target/quarkus-app/lib/main (rebuild the agent)"
CLASSES=$OUT/classes
BENCH=$ROOT/src/bench/java/io/logcamel/bench
javac -nowarn -d "$CLASSES" -cp "$LZ4_JAR" \
    "$BENCH/RaceSink.java" "$BENCH/RaceInput.java" "$BENCH/NginxLogGenerator.java" || die "the race's helpers did not compile"
HELPER_CP=$CLASSES:$LZ4_JAR
# agent-aot: the agent on a JDK of 25 or later with the AOT cache its own trainer makes, with the same
# flags (the cache is made for them) and from the same jar path (the JVM checks it)
AOT_CACHE=$ROOT/target/quarkus-app/app.aot
if [[ " $WHO " == *" agent-aot "* ]]; then
    [[ -n $AOT_JAVA ]] || die "RACE_WHO has agent-aot: set RACE_AOT_JAVA to a java of JDK 25 or later"
    log "training the AOT cache with $AOT_JAVA (logcamel-aot-train)"
    JAVA=$AOT_JAVA "$ROOT/src/main/dist/bin/logcamel-aot-train" "$ROOT/target/quarkus-app" "${AGENT_FLAGS[@]}" >&2 \
        || die "the AOT cache did not train"
    AOT_VERSION=$("$AOT_JAVA" -version 2>&1 | head -1)
fi

# ---- The input: generated once per size and seed, read into the page cache before every run -------

INPUT_DIR=$OUT/input-${MB}mb-seed${SEED}
INPUT=$INPUT_DIR/access.log
META=$OUT/input-${MB}mb-seed${SEED}.meta
if [[ ! -e $INPUT || ! -e $META ]]; then
    log "generating $INPUT ($MB MB, seed $SEED)"
    rm -rf "$INPUT_DIR" && mkdir -p "$INPUT_DIR"
    java -cp "$HELPER_CP" io.logcamel.bench.RaceInput "$WORK/access.log" "$MB" "$SEED" >"$META"
    mv "$WORK/access.log" "$INPUT"
fi
INPUT_LINES=$(sed -E 's/.*lines=([0-9]+).*/\1/' "$META")
INPUT_BYTES=$(sed -E 's/.*bytes=([0-9]+).*/\1/' "$META")
[[ $(stat -c %s "$INPUT") == "$INPUT_BYTES" ]] || die "$INPUT is not the size $META records: delete both and run again"
log "input: $INPUT, $INPUT_LINES lines, $INPUT_BYTES bytes"

# ---- Configurations, one per contestant and job ----------------------------------------------------

# The equivalent of nginx's combined format, as users write it (named groups with underscores).
NGINX_REGEX='^(?<remote_addr>\S+) - (?<remote_user>\S+) \[(?<time_local>[^\]]+)\] "(?<request>[^"]*)" (?<status>\d+) (?<body_bytes_sent>\d+) "(?<http_referer>[^"]*)" "(?<http_user_agent>[^"]*)"$'

write_rsyslog() { # dir job port
    local dir=$1 job=$2 port=$3
    mkdir -p "$dir/rsyslog-work"
    if [[ $job == raw ]]; then
        cat >"$dir/rsyslog.conf" <<EOF
global(workDirectory="$dir/rsyslog-work" maxMessageSize="64k")
main_queue(queue.workerThreads="1")
module(load="imfile")
template(name="race_line" type="string" string="%rawmsg%\n")
ruleset(name="race") {
  action(type="omfwd" target="127.0.0.1" port="$port" protocol="tcp" template="race_line")
}
input(type="imfile" file="$INPUT" tag="race" ruleset="race")
EOF
    else
        cat >"$dir/nginx.rb" <<'EOF'
version=2
rule=:%remote_addr:word% - %remote_user:word% [%time_local:char-to{"extradata":"]"}%] "%request:char-to{"extradata":"\""}%" %status:number% %body_bytes_sent:number% "%http_referer:char-to{"extradata":"\""}%" "%http_user_agent:char-to{"extradata":"\""}%"
EOF
        cat >"$dir/rsyslog.conf" <<EOF
global(workDirectory="$dir/rsyslog-work" maxMessageSize="64k")
main_queue(queue.workerThreads="1")
module(load="imfile")
module(load="mmnormalize")
template(name="race_json" type="string" string="%\$!all-json%\n")
ruleset(name="race") {
  action(type="mmnormalize" rulebase="$dir/nginx.rb" useRawMsg="on")
  action(type="omfwd" target="127.0.0.1" port="$port" protocol="tcp" template="race_json")
}
input(type="imfile" file="$INPUT" tag="race" ruleset="race")
EOF
    fi
}

write_syslog_ng() { # dir job port
    local dir=$1 job=$2 port=$3 version
    # flags(flow-control): without it syslog-ng drops what overflows the destination's queue
    # (2,002 of 115,359 lines in a try); with it the file is read only as fast as TCP takes it.
    version=$(sed -E 's/^syslog-ng [0-9]+ \(([0-9]+\.[0-9]+).*/\1/' <<<"$SYSLOG_NG_VERSION")
    if [[ $job == raw ]]; then
        cat >"$dir/syslog-ng.conf" <<EOF
@version: $version
options { stats-freq(0); };
source s_race { file("$INPUT" flags(no-parse)); };
destination d_race { network("127.0.0.1" port($port) transport("tcp") template("\$MSG\n")); };
log { source(s_race); destination(d_race); flags(flow-control); };
EOF
    else
        # syslog-ng's regexp-parser is PCRE: the same regex; fields out as JSON like rsyslog's
        local pattern=${NGINX_REGEX//\\/\\\\}
        pattern=${pattern//\"/\\\"}
        cat >"$dir/syslog-ng.conf" <<EOF
@version: $version
options { stats-freq(0); };
source s_race { file("$INPUT" flags(no-parse)); };
parser p_race { regexp-parser(patterns("$pattern") prefix("")); };
destination d_race { network("127.0.0.1" port($port) transport("tcp")
    template("\$(format-json remote_addr remote_user time_local request status body_bytes_sent http_referer http_user_agent)\n")); };
log { source(s_race); parser(p_race); destination(d_race); flags(flow-control); };
EOF
    fi
}

write_agent() { # dir job port
    local dir=$1 job=$2 port=$3 steps=""
    mkdir -p "$dir/agent" "$dir/tail-input"
    case $job in
        nginx) steps='        - to:
            uri: parse:nginx
        - to:
            uri: time:parse
            parameters:
              sourceKey: time_local
              format: "RAW(%d/%b/%Y:%H:%M:%S %z)"' ;;
        regex) steps="        - to:
            uri: parse:regex
            parameters:
              pattern: 'RAW($NGINX_REGEX)'
        - to:
            uri: time:parse
            parameters:
              sourceKey: time_local
              format: \"RAW(%d/%b/%Y:%H:%M:%S %z)\"" ;;
    esac
    tail_params=""
    if [[ -n ${RACE_TAIL_PARAMS:-} ]]; then
        IFS=';' read -r -a pairs <<<"$RACE_TAIL_PARAMS"
        for pair in "${pairs[@]}"; do
            tail_params+="        $(echo "$pair" | sed 's/^ *//; s/ *$//')"$'\n'
        done
    fi
    cat >"$dir/race.camel.yaml" <<EOF
# The race's collection config: the input file from its start to a PutLogs sink.
- route:
    id: race-$job
    from:
      uri: tail:race
      parameters:
        path: "$INPUT_DIR"
        include: "access.log"
        startPosition: head
$tail_params
      steps:
$steps
        - to:
            uri: logstore:race/race
            parameters:
              topic: race
EOF
    sed -i '/^$/d' "$dir/race.camel.yaml"
    cat >"$dir/race.properties" <<EOF
config_ordinal=200
logcamel.localstore.enabled=false
logcamel.routes.include=file:$dir/race.camel.yaml
camel.component.logstore.endpoint=http://127.0.0.1:$port
camel.component.logstore.access-key-id=race
camel.component.logstore.access-key-secret=race
logcamel.checkpoint.dir=$dir/agent/checkpoints
logcamel.spool.dir=$dir/agent/spool
quarkus.http.port=0
# the seeded input's times lie in the past: keep them all (the default discards older than 5 minutes)
camel.component.time.max-age=0
# the peers have no send limit; the agent's default (Logtail's 20 MB/s of request bodies, lz4-compressed)
# binds on this input on loopback (docs/performance.md): the race would measure the limit, not the agent
camel.component.logstore.max-bytes-per-second=0
# nor a CPU limit; the agent's built-in default (logcamel.guard.cpu-limit, 0.8 cores, as the DaemonSet
# ships it) pauses reading to hold it, so the race would measure the guard; the top-level
# application.properties has it off (0) too
logcamel.guard.cpu-limit=0
EOF
}

# ---- One run ---------------------------------------------------------------------------------------

RESULTS=$OUT/race-runs.tsv
printf 'round\tjob\twho\tstart_mbs\tsteady_mbs\tcpu_s\trss_mb\tlines\texpected\tcheck\tsink_cpu_s\n' >"$RESULTS"

proc_cpu_ticks() { # utime + stime of a live process, from /proc/<pid>/stat (fields after the command name)
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    stat=${stat##*) }
    awk '{ print $12 + $13 }' <<<"$stat"
}

proc_hwm_kb() {
    awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

run_one() { # round job who
    local round=$1 job=$2 who=$3 dir sink_kind port sink_pid pid t0 hwm=0 h cpu result
    dir=$WORK/$round-$job-$who
    mkdir -p "$dir"
    sink_kind=tcp
    [[ $who == agent* ]] && sink_kind=putlogs
    java -Xmx256m -XX:+UseSerialGC -cp "$HELPER_CP" io.logcamel.bench.RaceSink "$sink_kind" "$dir/port" \
        "$INPUT_LINES" "$IDLE_S" >"$dir/sink.out" 2>"$dir/sink.err" &
    sink_pid=$!
    STARTED+=("$sink_pid")
    for _ in $(seq 1 300); do
        [[ -e $dir/port ]] && break
        kill -0 "$sink_pid" 2>/dev/null || die "the sink did not start: $(cat "$dir/sink.err")"
        sleep 0.1
    done
    [[ -e $dir/port ]] || die "the sink wrote no port within 30 s"
    port=$(cat "$dir/port")
    case $who in
        rsyslog) write_rsyslog "$dir" "$job" "$port" ;;
        syslog-ng) write_syslog_ng "$dir" "$job" "$port" ;;
        agent|agent-aot) write_agent "$dir" "$job" "$port" ;;
    esac
    cat "$INPUT" >/dev/null   # page-cached for everyone
    t0=$(date +%s%N)
    case $who in
        rsyslog)
            "$RSYSLOGD" -n -f "$dir/rsyslog.conf" -i "$dir/rsyslog.pid" >"$dir/peer.log" 2>&1 & ;;
        syslog-ng)
            "${SYSLOG_NG_ENV[@]}" "$SYSLOG_NG" "${SYSLOG_NG_ARGS[@]}" -F --no-caps -f "$dir/syslog-ng.conf" \
                -p "$dir/syslog-ng.pid" -R "$dir/syslog-ng.persist" -c "$dir/syslog-ng.ctl" >"$dir/peer.log" 2>&1 & ;;
        agent|agent-aot)
            local java_cmd=(java)
            [[ $who == agent-aot ]] && java_cmd=("$AOT_JAVA" "-XX:AOTCache=$AOT_CACHE")
            (cd "$dir/agent" && exec "${java_cmd[@]}" "${AGENT_FLAGS[@]}" "-Dquarkus.config.locations=$dir/race.properties" \
                -jar "$AGENT_JAR") >"$dir/peer.log" 2>&1 & ;;
    esac
    pid=$!
    STARTED+=("$pid")
    # env/LD_LIBRARY_PATH and the subshell exec: the pid is the contestant itself
    while kill -0 "$sink_pid" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$who ($job) exited early; its output:"; tail -20 "$dir/peer.log" >&2
            break
        fi
        h=$(proc_hwm_kb "$pid"); (( h > hwm )) && hwm=$h
        sleep 0.2
    done
    cpu=$(proc_cpu_ticks "$pid")
    h=$(proc_hwm_kb "$pid"); (( h > hwm )) && hwm=$h
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    kill -TERM "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
    result=$(cat "$dir/sink.out")
    [[ -n $result ]] || { result="complete=false lines=0 bytes=0 content_bytes=0 first_ns=0 last_ns=0"; }
    local complete lines bytes content first last check start_mbs steady_mbs
    complete=$(sed -E 's/.*complete=([a-z]+).*/\1/' <<<"$result")
    lines=$(sed -E 's/.* lines=([0-9]+).*/\1/' <<<"$result")
    bytes=$(sed -E 's/.* bytes=([0-9]+).*/\1/' <<<"$result")
    content=$(sed -E 's/.* content_bytes=([0-9]+).*/\1/' <<<"$result")
    first=$(sed -E 's/.* first_ns=([0-9]+).*/\1/' <<<"$result")
    last=$(sed -E 's/.* last_ns=([0-9]+).*/\1/' <<<"$result")
    local parse_errors=0 bad_requests=0
    [[ $result == *parse_errors=* ]] && parse_errors=$(sed -E 's/.* parse_errors=([0-9]+).*/\1/' <<<"$result")
    [[ $result == *bad_requests=* ]] && bad_requests=$(sed -E 's/.* bad_requests=([0-9]+).*/\1/' <<<"$result")
    # every line once; for raw lines also every byte (TCP: the lines and their newlines; PutLogs:
    # the content values, which carry no newline)
    check=ok
    if [[ $complete != true || $lines != "$INPUT_LINES" ]]; then
        check="lines $lines of $INPUT_LINES"
    elif [[ $bad_requests != 0 ]]; then
        check="$bad_requests requests the sink could not decode"
    elif [[ $job != raw && $parse_errors != 0 ]]; then
        check="$parse_errors lines not parsed"
    elif [[ $job == raw && $who == agent* && $content != $((INPUT_BYTES - INPUT_LINES)) ]]; then
        check="content bytes $content of $((INPUT_BYTES - INPUT_LINES))"
    elif [[ $job == raw && $who != agent* && $bytes != "$INPUT_BYTES" ]]; then
        check="bytes $bytes of $INPUT_BYTES"
    fi
    if [[ $last -gt 0 ]]; then
        start_mbs=$(awk -v b="$INPUT_BYTES" -v t="$((last - t0))" 'BEGIN { printf "%.1f", b / 1e6 / (t / 1e9) }')
        steady_mbs=$(awk -v b="$INPUT_BYTES" -v t="$((last - first))" 'BEGIN { printf "%.1f", (t > 0 ? b / 1e6 / (t / 1e9) : 0) }')
    else
        start_mbs=0; steady_mbs=0
    fi
    local sink_cpu_ms=0
    [[ $result == *cpu_ms=* ]] && sink_cpu_ms=$(sed -E 's/.* cpu_ms=([0-9]+).*/\1/' <<<"$result")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$job" "$who" "$start_mbs" "$steady_mbs" \
        "$(awk -v c="$cpu" -v k="$CLK_TCK" 'BEGIN { printf "%.1f", c / k }')" \
        "$(awk -v h="$hwm" 'BEGIN { printf "%.0f", h / 1024 }')" "$lines" "$INPUT_LINES" "$check" \
        "$(awk -v m="$sink_cpu_ms" 'BEGIN { printf "%.1f", m / 1000 }')" >>"$RESULTS"
    STARTED=()   # both waited for: their pids may be reused by others from now on
    log "round $round $job $who: $(tail -1 "$RESULTS" | cut -f4-)"
    if [[ $check != ok ]]; then
        mkdir -p "$OUT/failed/$round-$job-$who"
        cp "$dir"/*.log "$dir"/*.conf "$dir"/*.yaml "$dir"/*.properties "$dir"/sink.* "$OUT/failed/$round-$job-$who/" 2>/dev/null || true
        log "  kept the configs and logs of that run in $OUT/failed/$round-$job-$who"
    fi
}

contestants() { # job; those of RACE_WHO only
    local all who
    case $1 in
        raw) all="rsyslog syslog-ng agent agent-aot" ;;
        nginx) [[ -n $HAVE_MMNORMALIZE ]] && all="rsyslog agent agent-aot" || all="agent agent-aot" ;;
        regex) all="syslog-ng agent agent-aot" ;;
    esac
    for who in $all; do
        [[ " $WHO " == *" $who "* ]] && echo "$who"
    done
    return 0
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    for job in $JOBS; do
        for who in $(contestants "$job"); do
            run_one "$round" "$job" "$who"
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- The table: medians over the rounds, ratios against rsyslog ------------------------------------

TABLE=$OUT/race-table.md
{
    echo "Race of $(date -u +%F), $MB MB seeded nginx-combined ($INPUT_LINES lines), $ROUNDS round(s), median;"
    echo "$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average before $LOAD_BEFORE, after $LOAD_AFTER."
    echo "$RSYSLOG_VERSION; $SYSLOG_NG_VERSION; agent JVM flags: ${AGENT_FLAGS[*]}"
    [[ " $WHO " == *" agent-aot "* ]] && echo "agent-aot: the same flags and -XX:AOTCache (logcamel-aot-train) on $AOT_VERSION; agent: $(java -version 2>&1 | head -1)"
    echo
    awk -F'\t' '
        function median(key,    n, i, j, t, v) {
            n = split(vals[key], v, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            return n == 0 ? "" : (n % 2 ? v[(n + 1) / 2] : sprintf("%.1f", (v[n / 2] + v[n / 2 + 1]) / 2))
        }
        NR == 1 { next }
        {
            id = $2 SUBSEP $3
            if (!(id in seen)) { seen[id] = 1; order[++count] = id }
            for (c = 4; c <= 7; c++) vals[id, c] = vals[id, c] " " $c
            if ($10 != "ok") bad[id] = bad[id] (bad[id] ? "; " : "") "round " $1 ": " $10
        }
        END {
            names["raw"] = "raw lines, file to wire"
            names["nginx"] = "nginx combined parsed (agent: parse:nginx + time:parse; rsyslog: mmnormalize)"
            names["regex"] = "regex parse (agent: parse:regex + time:parse; syslog-ng: regexp-parser)"
            for (k = 1; k <= count; k++) { split(order[k], p, SUBSEP); if (p[2] == "rsyslog") base[p[1]] = order[k] }
            # the parsed jobs compare with rsyslog mmnormalize, as the goals do
            if (!("regex" in base) && ("nginx" in base)) base["regex"] = base["nginx"]
            print "| job | who | MB/s from start | MB/s steady | CPU s | peak RSS MB | x rsyslog (steady) | x rsyslog (from start) | lines |"
            print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
            for (k = 1; k <= count; k++) {
                id = order[k]; split(id, p, SUBSEP)
                ratio = ""; ratio0 = ""
                if (p[2] ~ /^agent/ && (p[1] in base)) {
                    b = base[p[1]]
                    if (median(b SUBSEP 5) + 0 > 0) ratio = sprintf("%.2f", median(id SUBSEP 5) / median(b SUBSEP 5))
                    if (median(b SUBSEP 4) + 0 > 0) ratio0 = sprintf("%.2f", median(id SUBSEP 4) / median(b SUBSEP 4))
                }
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", names[p[1]], p[2], median(id SUBSEP 4), median(id SUBSEP 5),
                    median(id SUBSEP 6), median(id SUBSEP 7), ratio, ratio0, (id in bad) ? "MISSING: " bad[id] : "all, once"
            }
        }' "$RESULTS"
} >"$TABLE"
cat "$TABLE"
echo
echo "per run: $RESULTS; table: $TABLE"
exit 0
}
