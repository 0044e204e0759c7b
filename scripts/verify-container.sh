#!/usr/bin/env bash
# Build the Dockerfile with rootful podman on a local base (no Docker engine, no registry here:
# scripts/make-base.sh makes a debootstrap + Node 24 rootfs, passed in as build arg BASE), then
# run the image the way the README says:
#   1. checks: non-root user, HEALTHCHECK and /data volume declared, `--help` works;
#   2. the simulated fleet in one container and `oemscan serve` (the default command) in
#      another, both on the host network, bound to loopback addresses of 127.0.36/24 and
#      127.0.37/24 only; a scan is triggered through the API and its report read back;
#   3. the image's HEALTHCHECK passes, and `podman stop` (SIGTERM) exits 0 well before the
#      kill timeout.
# Everything lives in a temp dir removed on exit (containers, images, mounts, volumes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proj=$(cd "$here/.." && pwd)
cache=${BASE_CACHE:-/tmp/oemscan-base-cache}
LAB=127.0.36
API=127.0.37.1:30380
OFFSET=23000
t0=$(date +%s)
lap() { echo "[verify-container $(($(date +%s) - t0))s] $*"; }
fail() { echo "verify-container: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (rootful podman)"
need=()
for b in podman runc debootstrap curl; do command -v "$b" >/dev/null || need+=("$b"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -qy install "${need[@]}" >/dev/null
fi

key=$({ npm --version; cat "$here/make-base.sh"; cat /usr/local/share/ca-certificates/*.crt 2>/dev/null; } | sha256sum | cut -c1-16)
base_tar=$cache/base-$key.tar
if [ ! -s "$base_tar" ]; then
  mkdir -p "$cache" && find "$cache" -name 'base-*.tar' -delete
  "$here/make-base.sh" "$base_tar.part" && mv "$base_tar.part" "$base_tar"
fi
lap "base ready"

work=$(mktemp -d /tmp/oemscan-podman.XXXXXX)
# --root/--runroot on every call: with CONTAINERS_STORAGE_CONF instead, `run --rm` hangs 20 s.
P=(podman --root "$work/storage" --runroot "$work/run")
cleanup() {
  "${P[@]}" rm -a -f -t 2 >/dev/null 2>&1 || true
  "${P[@]}" volume rm -a -f >/dev/null 2>&1 || true
  "${P[@]}" rmi -a -f >/dev/null 2>&1 || true
  findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# crun fails on this host's hybrid cgroups; rlimits must stay within the host's hard limits.
nofile=$(ulimit -Hn); nproc=$(ulimit -Hu); pidmax=$(cat /proc/sys/kernel/pid_max)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pidmax" ]; then nproc=$pidmax; fi
cat >"$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
export CONTAINERS_CONF=$work/containers.conf
# No systemd here to time health checks: the check is run by hand below, and podman's
# complaints about the missing timer are dropped.
pod() { "${P[@]}" "$@" 2> >(grep -v 'systemd connection' >&2); }
R=(run --health-interval disable)

"${P[@]}" import -q --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_nodedir=/usr' --change 'CMD ["node"]' "$base_tar" localhost/node24-base:bookworm >/dev/null
# Docker format keeps HEALTHCHECK (OCI images have no such field). Host network for the
# build's apt and npm: the default bridge would add iptables chains and enable forwarding.
"${P[@]}" build -q --format docker --network host --layers=false --build-arg BASE=localhost/node24-base:bookworm \
  -t localhost/oemscan:verify -f "$proj/Dockerfile" "$proj" >/dev/null
IMG=localhost/oemscan:verify
size=$("${P[@]}" image inspect -f '{{.Size}}' "$IMG" | awk '{printf "%.0f MB", $1/1e6}')
lap "image built ($size)"

# 1. static checks
user=$(pod "${R[@]}" --rm --network none --entrypoint id "$IMG" -u)
[ "$user" != 0 ] || fail "image runs as root"
"${P[@]}" image inspect -f '{{json .Config.Healthcheck}}' "$IMG" | grep -q healthcheck || fail "no HEALTHCHECK"
"${P[@]}" image inspect -f '{{json .Config.Volumes}}' "$IMG" | grep -q '"/data"' || fail "no /data volume"
"${P[@]}" image inspect -f '{{json .Config.Cmd}}' "$IMG" | grep -q '"serve"' || fail "default command is not serve"
pod "${R[@]}" --rm --init --network none "$IMG" --help >/dev/null
nodev=$(pod "${R[@]}" --rm --network none --entrypoint node "$IMG" --version)
case $nodev in v24.*) ;; *) fail "image runs Node $nodev, not 24" ;; esac
lap "Node $nodev; runs as uid $user; HEALTHCHECK, /data volume, default command serve; --help ok"

# 2. the lab fleet and the service, as in the README's run lines
mkdir -p "$work/config"
cat >"$work/config/serve.yaml" <<YAML
targets: [$LAB.0/24]
listen: $API
scan: { portOffset: $OFFSET }
YAML
token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
pod "${R[@]}" -d --init --name oemscan-lab --network host "$IMG" \
  lab --prefix "$LAB" --port-offset "$OFFSET" >/dev/null
pod "${R[@]}" -d --init --name oemscan-serve --network host \
  -v "$work/config:/config:ro" -v oemscan-data:/data -e OEMSCAN_API_TOKEN="$token" \
  -e OEMSCAN_CONFIG=/config/serve.yaml -e OEMSCAN_LISTEN="$API" "$IMG" >/dev/null
for _ in $(seq 1 100); do curl -sf "http://$API/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "http://$API/healthz" >/dev/null || { "${P[@]}" logs oemscan-serve >&2; fail "/healthz did not answer"; }
lap "serve is up: $(curl -s "http://$API/healthz")"

auth=(-H "Authorization: Bearer $token")
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$API/api/scans")" = 401 ] || fail "API answered without a token"
id=$(curl -sf -X POST "${auth[@]}" "http://$API/api/scans" | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
status=
for _ in $(seq 1 300); do
  status=$(curl -sf "${auth[@]}" "http://$API/api/scans" | node -pe "(JSON.parse(require('fs').readFileSync(0)).find(s => s.id === '$id') || {}).status")
  [ "$status" = running ] || break
  sleep 0.2
done
[ "$status" = complete ] || { "${P[@]}" logs oemscan-serve >&2; fail "scan $id ended $status"; }
curl -sf "${auth[@]}" "http://$API/api/scans/$id" >"$work/report.json"
# The expected counts come from the fleet's own profiles (each says whether it must be flagged).
node --input-type=module -e "
import { readFileSync } from 'node:fs';
const { loadProfiles } = await import('$here/../dist/lab/profiles.js');
const profiles = loadProfiles();
const r = JSON.parse(readFileSync('$work/report.json', 'utf8'));
const flagged = r.devices.filter((d) => d.status === 'flagged').map((d) => d.ip + ' ' + d.oem.vendor);
const want = profiles.filter((p) => p.expect.flagged).length;
console.log('scan in container:', r.summary.devices, 'devices,', flagged.length, 'flagged (fleet:', profiles.length, 'and', want + '):', flagged.join(', '));
if (r.scan.id !== '$id' || r.summary.devices !== profiles.length || flagged.length !== want) process.exit(1);
" || fail "the report of the lab fleet is not what the fleet serves"
curl -sf "http://$API/metrics" | grep -q '^oemscan_flagged_devices [1-9]' || fail "metrics do not show the flagged devices"
lap "scan of the lab fleet from inside the container: ok"

# 3. health check and graceful stop
"${P[@]}" healthcheck run oemscan-serve >/dev/null || fail "HEALTHCHECK reports unhealthy"
s0=$(date +%s%N)
pod stop -t 20 oemscan-serve >/dev/null
stop_ms=$((($(date +%s%N) - s0) / 1000000))
code=$("${P[@]}" inspect -f '{{.State.ExitCode}}' oemscan-serve)
[ "$code" = 0 ] || { "${P[@]}" logs oemscan-serve >&2; fail "serve exited $code on SIGTERM"; }
[ "$stop_ms" -lt 15000 ] || fail "SIGTERM took ${stop_ms} ms"
lap "HEALTHCHECK healthy; SIGTERM stop in ${stop_ms} ms, exit 0"
echo "verify-container: PASS in $(($(date +%s) - t0)) s"
