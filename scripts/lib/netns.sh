# Shared plumbing for the scripts that build network-namespace labs (scripts/bench,
# scripts/sweep16, scripts/netns-lab). Source it, call netns_trap once, then create everything
# through these helpers: whatever they created is removed on EXIT, INT and TERM, processes by
# the PIDs they started, namespaces by name (deleting a namespace deletes its veth ends).
# veth pairs are created inside namespaces only, so nothing ever touches the real interfaces.

_netns_names=()
_netns_pids=()
_netns_dirs=()

netns_need_root() { # script name
  [ "$(id -u)" = 0 ] || { echo "$1 needs root (it creates network namespaces)" >&2; exit 2; }
}

netns_cleanup() {
  local pid ns dir
  for pid in "${_netns_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "${_netns_pids[@]}"; do
    # wait only works for our own children; poll for the rest (bounded: 5 s, then SIGKILL)
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  done
  for ns in "${_netns_names[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  for dir in "${_netns_dirs[@]}"; do rm -rf "$dir"; done
}

netns_trap() {
  trap 'netns_cleanup' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

netns_add() { # name (with loopback up)
  _netns_names+=("$1")
  ip netns add "$1"
  ip -n "$1" link set lo up
}

netns_tmpdir() { # variable prefix: sets the variable to a new directory, removed at exit
  local d
  d=$(mktemp -d "/tmp/$2.XXXXXX")
  _netns_dirs+=("$d")
  printf -v "$1" '%s' "$d"
}

netns_veth() { # nsA ifA nsB ifB: a veth pair between two namespaces, both ends up
  ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
  ip -n "$1" link set "$2" up
  ip -n "$3" link set "$4" up
}

netns_spawn() { # log ns command...: runs in the background, PID kept for cleanup (in $netns_last_pid)
  local log=$1 ns=$2
  shift 2
  if [ "$log" = /dev/stdout ]; then
    ip netns exec "$ns" "$@" &
  else
    ip netns exec "$ns" "$@" >"$log" 2>&1 &
  fi
  netns_last_pid=$!
  _netns_pids+=("$netns_last_pid")
}

netns_wait_file() { # file log [tenths of a second]: waits until the file is non-empty
  for _ in $(seq 1 "${3:-100}"); do [ -s "$1" ] && return 0; sleep 0.1; done
  cat "$2" >&2
  return 1
}

netns_pids() { echo "${_netns_pids[@]}"; }
