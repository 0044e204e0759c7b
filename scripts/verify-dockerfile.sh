#!/usr/bin/env bash
# Build the Dockerfile with rootful podman on a local base (no Docker engine, no registry),
# then run the image with no network: `--help`, and the demo on the simulated fleet inside
# the container's own loopback. Everything lives in a temp dir removed on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proj=$(cd "$here/.." && pwd)
cache=${BASE_CACHE:-/tmp/oemscan-base-cache}
t0=$(date +%s)
lap() { echo "[verify $(($(date +%s) - t0))s] $*"; }

need=()
for b in podman runc debootstrap; do command -v "$b" >/dev/null || need+=("$b"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -qy install "${need[@]}" >/dev/null
fi

key=$({ node --version; cat "$here/make-base.sh"; cat /usr/local/share/ca-certificates/*.crt 2>/dev/null; } | sha256sum | cut -c1-16)
base_tar=$cache/base-$key.tar
if [ ! -s "$base_tar" ]; then
  mkdir -p "$cache" && find "$cache" -name 'base-*.tar' -delete
  "$here/make-base.sh" "$base_tar.part" && mv "$base_tar.part" "$base_tar"
fi
lap "base ready"

work=$(mktemp -d /tmp/oemscan-podman.XXXXXX)
P=(podman --root "$work/storage" --runroot "$work/run")
cleanup() {
  "${P[@]}" rm -a -f >/dev/null 2>&1 || true
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

"${P[@]}" import -q --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_nodedir=/usr' --change 'CMD ["node"]' "$base_tar" localhost/node20-base:bookworm >/dev/null
"${P[@]}" build --network host --layers=false --build-arg BASE=localhost/node20-base:bookworm \
  -t localhost/oemscan:ci -f "$proj/Dockerfile" "$proj"
lap "image built"

user=$("${P[@]}" run --rm --network none --entrypoint id localhost/oemscan:ci -u)
[ "$user" != 0 ] || { echo "image runs as root" >&2; exit 1; }
"${P[@]}" run --rm --init --network none localhost/oemscan:ci --help >/dev/null
"${P[@]}" run --rm --init --network none localhost/oemscan:ci demo --format json --no-progress >"$work/demo.json"
node -e "const r=require('$work/demo.json'); if(!r.devices.length) process.exit(1); console.log('demo in container:', r.summary)"
lap "image runs as uid $user; --help and demo passed"
