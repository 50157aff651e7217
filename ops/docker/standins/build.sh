#!/usr/bin/env bash
# Build the stand-in images (README.md beside this file). An image that exists is
# kept; --rebuild makes them all again. Needs root (mmdebstrap), Docker, and the
# project's Kafka jars (`make install` resolves them into .cache/kafka/libs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
rebuild=${1:-}
ca=/etc/ssl/certs/ca-certificates.crt
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

missing() { [ "$rebuild" = --rebuild ] || ! docker image inspect "$1" >/dev/null 2>&1; }

if missing newsenrich-test/debian:bookworm; then
  echo "standins: Debian 12 base (mmdebstrap)"
  # The host's CA bundle goes in: builds reach Debian's mirror and PyPI through it.
  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
    --customize-hook="upload $ca /etc/ssl/certs/ca-certificates.crt" \
    bookworm "$context/base.tar" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
  docker import "$context/base.tar" newsenrich-test/debian:bookworm >/dev/null
  rm "$context/base.tar"
fi
if missing newsenrich-test/python:3.11; then
  echo "standins: python"
  docker build --quiet --force-rm -t newsenrich-test/python:3.11 -f "$here/python.Dockerfile" "$here" >/dev/null
fi
if missing newsenrich-test/kafka:3.9.1; then
  echo "standins: kafka"
  cp -r "$root/.cache/kafka/libs" "$context/libs"
  rm -f "$context/libs/.complete"
  cp "$here/kafka-run" "$here/kafka-topics.sh" "$context/"
  docker build --quiet --force-rm -t newsenrich-test/kafka:3.9.1 -f "$here/kafka.Dockerfile" "$context" >/dev/null
fi
if missing newsenrich-test/prometheus:2.42; then
  echo "standins: prometheus"
  docker build --quiet --force-rm -t newsenrich-test/prometheus:2.42 -f "$here/prometheus.Dockerfile" "$here" >/dev/null
fi
