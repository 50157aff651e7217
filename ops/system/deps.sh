#!/usr/bin/env bash
# The Debian packages newsenrich needs beyond Python, used by make and CI alike.
#   ops/system/deps.sh demo   Java 17 and Maven: the local Kafka broker
#   ops/system/deps.sh test   and openssl (test TLS material), prometheus/promtool
#                             and docker-compose (the deployment files, for real)
#   ops/system/deps.sh deploy and Docker (Debian's docker.io, its daemon started
#                             if none runs) and mmdebstrap: make deploy-test
# Installs what is missing (as root, or with sudo when it asks no password);
# otherwise says in one line what to run, and fails.
set -euo pipefail

tools=(java:openjdk-17-jre-headless mvn:maven)
case "${1:-test}" in
  demo) ;;
  test) tools+=(openssl:openssl prometheus:prometheus promtool:prometheus
                docker-compose:docker-compose) ;;
  deploy) tools+=(docker-compose:docker-compose dockerd:docker.io
                  mmdebstrap:mmdebstrap) ;;
  *) echo "usage: $0 [demo|test|deploy]" >&2; exit 2 ;;
esac

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo -n); fi
can_sudo() { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }

missing=()
for tool in "${tools[@]}"; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
start_docker() {
  [ "${1:-}" = deploy ] || return 0
  docker info >/dev/null 2>&1 && return 0
  echo "starting dockerd (log: /var/log/newsenrich-dockerd.log)"
  "${as_root[@]}" sh -c 'nohup dockerd >/var/log/newsenrich-dockerd.log 2>&1 &'
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  echo "dockerd did not start; see /var/log/newsenrich-dockerd.log" >&2
  exit 1
}

if [ "${#missing[@]}" -eq 0 ]; then
  start_docker "${1:-test}"
  exit 0
fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ] && ! can_sudo; then
  echo "missing Debian packages; run: sudo apt-get install -y --no-install-recommends ${packages% }" >&2
  exit 1
fi
echo "installing from Debian's packages: ${packages}"
"${as_root[@]}" apt-get update -qq
# shellcheck disable=SC2086  # one word per package
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq \
  --no-install-recommends ${packages} >/dev/null
start_docker "${1:-test}"
