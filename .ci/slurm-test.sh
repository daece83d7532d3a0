#!/bin/sh
# A real Slurm in the tests (issue 8): start munged, slurmctld and slurmd on localhost with a
# one-node configuration in a temporary directory, run a small sweep with
# `understudy submit --slurm --now --wait`, and check that the merged run's MANIFEST.sha256
# equals the unsharded run's. Also checks that a failing shard makes --wait fail instead of
# hanging. Everything started here is shut down on exit.
#
# Usage: .ci/slurm-test.sh [UNDERSTUDY_BINARY]     (default: .build/debug/understudy)
# Installs Debian's slurm-wlm and munge when missing. Exits 0 with "SKIP: …" only where the
# daemons cannot run (not root, no apt to install them, or they fail to start); KEEP=1 keeps
# the temporary directory. Facts behind the configuration: shared/reference/SLURM.md.
set -eu

BIN=${1:-.build/debug/understudy}
PATH=$PATH:/usr/sbin:/sbin
export PATH
START=$(date +%s)
TMP=
MUNGED_PID=
CTLD_PID=
SLURMD_PID=

say() { echo "slurm-test [$(( $(date +%s) - START ))s]: $*"; }
skip() { say "SKIP: $*"; exit 0; }
fail() { say "FAIL: $*" >&2; exit 1; }

# Running, as opposed to gone or a zombie (kill -0 succeeds on a zombie).
alive() {
    [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ]
}

# Waits up to $2 seconds for process $1 to end, then TERM, then KILL; reaps it.
stop() {
    pid=$1; patience=$2
    [ -n "$pid" ] || return 0
    while alive "$pid" && [ "$patience" -gt 0 ]; do sleep 1; patience=$((patience - 1)); done
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; sleep 1; fi
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    status=$?
    trap - EXIT INT TERM
    if [ -n "$CTLD_PID" ] && alive "$CTLD_PID"; then
        timeout 5 scontrol shutdown >/dev/null 2>&1 || true   # scontrol retries a dying slurmctld for ~20 s
    fi
    stop "$SLURMD_PID" 15
    stop "$CTLD_PID" 15
    if [ -n "$MUNGED_PID" ]; then kill -TERM "$MUNGED_PID" 2>/dev/null || true; stop "$MUNGED_PID" 5; fi
    if [ -n "$TMP" ]; then
        if [ "$status" -ne 0 ]; then
            for f in slurmctld.log slurmd.log munged.log; do
                [ -s "$TMP/$f" ] && { echo "--- last lines of $f"; tail -n 15 "$TMP/$f"; }
            done
            for f in "$TMP"/merged.work/logs/*.log; do
                [ -s "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
            done
        fi
        if [ "${KEEP:-0}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
    fi
    say "daemons stopped; exit $status"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$BIN" ] || fail "no understudy binary at $BIN (build it first: swift build)"
BIN=$(cd "$(dirname "$BIN")" && pwd -P)/$(basename "$BIN")

[ "$(id -u)" = 0 ] || skip "needs root to run munged, slurmctld and slurmd (running as uid $(id -u))"

TMP=$(mktemp -d /tmp/understudy-slurm.XXXXXX)
chmod 0755 "$TMP"   # munged refuses a socket below a directory others cannot enter

# --- packages --------------------------------------------------------------------------------
missing=
for tool in slurmctld slurmd sbatch scontrol sinfo munged mungekey munge unmunge; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    command -v apt-get >/dev/null 2>&1 || skip "no apt-get to install slurm-wlm and munge (missing:$missing)"
    say "installing slurm-wlm munge (missing:$missing)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
           apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurm-wlm munge; } >"$TMP/apt.log" 2>&1; then
        tail -n 5 "$TMP/apt.log"
        skip "apt-get could not install slurm-wlm and munge"
    fi
    say "installed: $(dpkg-query -W -f '${Package} ${Version}  ' slurm-wlm munge 2>/dev/null)"
fi

# --- munge (or no authentication when munged cannot run) -------------------------------------
mkdir -p "$TMP/munge"
chmod 0755 "$TMP/munge"
MUNGE_SOCKET=$TMP/munge/munge.socket
AUTH="AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET"
if mungekey --create --keyfile "$TMP/munge/munge.key" >"$TMP/mungekey.log" 2>&1 && chmod 0400 "$TMP/munge/munge.key"; then
    munged -F --key-file "$TMP/munge/munge.key" --socket "$MUNGE_SOCKET" --pid-file "$TMP/munge/munged.pid" \
        --log-file "$TMP/munged.log" --seed-file "$TMP/munge/munge.seed" >"$TMP/munged.out" 2>&1 &
    MUNGED_PID=$!
    tries=50
    until munge -n --socket "$MUNGE_SOCKET" 2>/dev/null | unmunge --socket "$MUNGE_SOCKET" >/dev/null 2>&1; do
        tries=$((tries - 1))
        if [ "$tries" -le 0 ] || ! alive "$MUNGED_PID"; then
            say "munged did not start ($(tail -n 1 "$TMP/munged.out" "$TMP/munged.log" 2>/dev/null | tr '\n' ' ')); using auth/none"
            kill "$MUNGED_PID" 2>/dev/null || true; stop "$MUNGED_PID" 2; MUNGED_PID=
            AUTH="AuthType=auth/none
CredType=cred/none"
            break
        fi
        sleep 0.2
    done
else
    say "mungekey failed ($(tail -n 1 "$TMP/mungekey.log")); using auth/none"
    AUTH="AuthType=auth/none
CredType=cred/none"
fi
[ -n "$MUNGED_PID" ] && say "munged running (pid $MUNGED_PID, socket $MUNGE_SOCKET)"

# --- slurm.conf ---------------------------------------------------------------------------------
# Ports away from the defaults (6817/6818), varied by PID so two runs on one host do not clash.
CTLD_PORT=$((20000 + ($$ % 5000) * 2))
SLURMD_PORT=$((CTLD_PORT + 1))
NODE=$(slurmd -C 2>/dev/null | sed -n '1s/^NodeName=[^ ]* *//p')
case "$NODE" in *CPUs=*RealMemory=*) ;; *) skip "slurmd -C did not describe this machine: '$NODE'" ;; esac
mkdir -p "$TMP/state" "$TMP/spool"
CONF=$TMP/slurm.conf
cat >"$CONF" <<EOF
ClusterName=understudy-test
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
$AUTH
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 $NODE State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$CONF"

# --- daemons ------------------------------------------------------------------------------------
slurmctld -D -f "$CONF" >"$TMP/slurmctld.out" 2>&1 &
CTLD_PID=$!
slurmd -D -N localhost -f "$CONF" >"$TMP/slurmd.out" 2>&1 &
SLURMD_PID=$!
tries=150
until [ "$(sinfo -h -N -n localhost -o %t 2>/dev/null)" = idle ]; do
    tries=$((tries - 1))
    if ! alive "$CTLD_PID" || ! alive "$SLURMD_PID"; then
        for f in slurmctld.out slurmd.out slurmctld.log slurmd.log; do
            [ -s "$TMP/$f" ] && { echo "--- $f"; tail -n 8 "$TMP/$f"; }
        done
        skip "slurmctld or slurmd could not start here (their last log lines are above)"
    fi
    # Both daemons run but the node never became usable: a configuration bug, not a skip.
    [ "$tries" -gt 0 ] || fail "the node is not idle after 30 s: $(sinfo -h -N -o '%t %E' 2>&1 | tr '\n' ' ')"
    sleep 0.2
done
say "slurmctld (pid $CTLD_PID, port $CTLD_PORT) and slurmd (pid $SLURMD_PID) up; node: $NODE"

# --- the sweep, on Slurm and on one machine ------------------------------------------------------
cat >"$TMP/spec.toml" <<'EOF'
# Small and fast in a debug build: 2 methods + the expert × 3 seeds = 9 work units.
name  = "slurm-test"
title = "Slurm test: BC vs DAgger on a miscalibrated sensor"
seed  = 20261125
seeds = 3

[env]
id   = "driving-loop"
laps = 1

[demonstrations]
episodes = 1
laps     = 0.5

[labels]
bias   = [0.01]
spread = [0.01]

[policy]
model = "nearest-neighbour"

[[method]]
name      = "BC"
algorithm = "bc"

[[method]]
name       = "DAgger"
algorithm  = "dagger"
iterations = 3
EOF

cd "$TMP"
say "submitting 3 shards + merge: understudy submit spec.toml --slurm --shards 3 --now --wait"
if ! timeout --foreground 300 "$BIN" submit "$TMP/spec.toml" --slurm --shards 3 --now --wait --out "$TMP/merged" >"$TMP/submit.out" 2>&1; then
    cat "$TMP/submit.out"
    fail "understudy submit --slurm --now --wait failed"
fi
sed 's/^/    /' "$TMP/submit.out"
for i in 1 2 3; do
    [ -f "$TMP/merged.work/shards/shard-$i/shard.json" ] || fail "shard $i did not run (no merged.work/shards/shard-$i/shard.json)"
done
[ -f "$TMP/merged.work/logs/merge.log" ] || fail "the merge job did not run (no merged.work/logs/merge.log)"
[ -f "$TMP/merged/MANIFEST.sha256" ] || fail "no merged/MANIFEST.sha256"
say "merged run written by Slurm jobs"

"$BIN" run "$TMP/spec.toml" --out "$TMP/single" --jobs 2 >"$TMP/single.out" 2>&1 || { cat "$TMP/single.out"; fail "the unsharded run failed"; }
say "unsharded run written"
if ! cmp -s "$TMP/merged/MANIFEST.sha256" "$TMP/single/MANIFEST.sha256"; then
    diff "$TMP/merged/MANIFEST.sha256" "$TMP/single/MANIFEST.sha256" || true
    fail "merged MANIFEST.sha256 differs from the unsharded run's"
fi
say "MANIFEST.sha256 identical ($(wc -l <"$TMP/single/MANIFEST.sha256") files, sha256 $(sha256sum "$TMP/single/MANIFEST.sha256" | cut -c1-16)…)"

# --- a failing shard must fail the wait, not hang it ---------------------------------------------
say "submitting shards that fail (--understudy /bin/false): --wait must exit non-zero"
status=0
timeout --foreground 120 "$BIN" submit "$TMP/spec.toml" --slurm --shards 2 --now --wait --understudy /bin/false \
    --out "$TMP/failing" >"$TMP/failing.out" 2>&1 || status=$?
case "$status" in
    0) cat "$TMP/failing.out"; fail "submit --wait succeeded although every shard failed" ;;
    124) cat "$TMP/failing.out"; fail "submit --wait hung on a failed array (timeout)" ;;
esac
grep -q '^error: Slurm merge job .* ended CANCELLED: shard 1 FAILED' "$TMP/failing.out" ||
    { cat "$TMP/failing.out"; fail "submit --wait failed without naming the failed shards"; }
say "failing submission: exit $status: $(grep '^error:' "$TMP/failing.out" | cut -c1-100)…"

say "PASS"
