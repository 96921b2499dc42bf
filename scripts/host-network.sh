# Sourced by test-compose.sh. dockerd changes the host's network when it
# starts (its iptables chains and NAT rules, the FORWARD policy set to DROP,
# IP forwarding switched on) and leaves all of it behind when it stops; the
# dockerd a test run started must leave the machine as it found it.
#
#   host_net_save DIR      the firewall and forwarding switches, into DIR
#   host_net_restore DIR   puts them back (call after dockerd has stopped)
#   host_net_diff DIR      prints what differs from DIR; fails when anything does

HOST_NET_SYSCTLS="net/ipv4/ip_forward net/ipv6/conf/all/forwarding"

# Built-in chains of each table, for emptying a table the host did not have.
host_net_builtin_chains() {
  case "$1" in
  filter) echo "INPUT FORWARD OUTPUT" ;;
  nat) echo "PREROUTING INPUT OUTPUT POSTROUTING" ;;
  mangle) echo "PREROUTING INPUT FORWARD OUTPUT POSTROUTING" ;;
  raw) echo "PREROUTING OUTPUT" ;;
  security) echo "INPUT FORWARD OUTPUT" ;;
  esac
}

# iptables-save without comments and counters, and without tables that hold
# nothing (no rules, no chains of their own, every policy ACCEPT): an empty
# table filters nothing, the same as no table.
host_net_rules() {
  command -v "$1-save" >/dev/null 2>&1 || return 0
  "$1-save" 2>/dev/null | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//' | awk '
    /^\*/ { table = $0; body = ""; empty = 1; next }
    /^COMMIT/ { if (!empty) printf "%s\n%sCOMMIT\n", table, body; next }
    { body = body $0 "\n"; if ($0 !~ /^:[A-Z]+ ACCEPT$/) empty = 0 }'
}

host_net_switches() {
  local s
  for s in $HOST_NET_SYSCTLS; do
    [ -r "/proc/sys/$s" ] && echo "$s=$(cat "/proc/sys/$s")"
  done
}

host_net_save() {
  local dir=$1 fam
  for fam in iptables ip6tables; do
    host_net_rules "$fam" >"$dir/$fam"
  done
  host_net_switches >"$dir/switches"
}

host_net_restore() {
  local dir=$1 fam table chain
  for fam in iptables ip6tables; do
    command -v "$fam-restore" >/dev/null 2>&1 || continue
    # Every table there now: the saved one where the host had it, else emptied.
    for table in $("$fam-save" 2>/dev/null | sed -n 's/^\*//p'); do
      if grep -qx "\*$table" "$dir/$fam"; then
        sed -n "/^\*$table\$/,/^COMMIT\$/p" "$dir/$fam"
      else
        echo "*$table"
        for chain in $(host_net_builtin_chains "$table"); do echo ":$chain ACCEPT [0:0]"; done
        echo "COMMIT"
      fi
    done | "$fam-restore"
  done
  local line
  while IFS= read -r line; do
    echo "${line#*=}" >"/proc/sys/${line%%=*}"
  done <"$dir/switches"
}

host_net_diff() {
  local dir=$1 fam status=0
  for fam in iptables ip6tables; do
    diff <(cat "$dir/$fam") <(host_net_rules "$fam") || status=1
  done
  diff "$dir/switches" <(host_net_switches) || status=1
  return $status
}
