#!/usr/bin/env bash
# Builds local stand-ins for the base images the Dockerfile and compose file
# name (oven/bun:1, nats:2.10-alpine) when no image registry is reachable.
# One Debian bookworm minbase root (debootstrap from this machine's apt mirror)
# with Debian's nats-server and wget (the nats healthcheck), Bun from the npm
# registry, and this machine's CA certificates so a build inside it reaches npm.
# An image that is already present is kept: a real one, or a stand-in from an
# earlier run (that is the cache; `docker image rm` them to rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_IMAGE=oven/bun:1
NATS_IMAGE=nats:2.10-alpine
BUN_VERSION=$(bun --version)

missing=()
for image in "$BUN_IMAGE" "$NATS_IMAGE"; do
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "base images: $image present, kept"
  else
    missing+=("$image")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

# The first Debian mirror apt uses here (deb822 or one-line sources).
mirror=$(grep -hoE '^(URIs:|deb) +(\[[^]]*\] +)?https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
  grep -oE 'https?://[^ ]+' | grep -v -- '-security' | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /tmp/teleop-base-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/root"

echo "base images: debootstrap bookworm (minbase) from $mirror"
start=$SECONDS
debootstrap --variant=minbase --include=ca-certificates,wget,nats-server bookworm "$root" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
echo "base images: root file system ready in $((SECONDS - start)) s"

# The machine's own certificate authorities (an egress proxy may re-sign TLS).
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi

echo "base images: bun ${BUN_VERSION} from the npm registry"
(cd "$work" && npm pack --silent "@oven/bun-linux-x64@${BUN_VERSION}" >/dev/null)
tar -xzf "$work"/oven-bun-linux-x64-*.tgz -C "$work" package/bin/bun
install -m 0755 "$work/package/bin/bun" "$root/usr/local/bin/bun"
ln -s bun "$root/usr/local/bin/bunx"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*

tar -C "$root" -c . >"$work/root.tar"
label="LABEL org.teleop.stand-in=debootstrap-bookworm-minbase"
for image in "${missing[@]}"; do
  case "$image" in
  "$BUN_IMAGE")
    docker import --change "$label" \
      --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
      --change 'WORKDIR /home/bun/app' --change 'CMD ["/usr/local/bin/bun"]' \
      "$work/root.tar" "$image" >/dev/null
    ;;
  "$NATS_IMAGE")
    docker import --change "$label" --change 'EXPOSE 4222 6222 8222' \
      --change 'ENTRYPOINT ["/usr/sbin/nats-server"]' \
      "$work/root.tar" "$image" >/dev/null
    ;;
  esac
  echo "base images: $image built (stand-in)"
done
