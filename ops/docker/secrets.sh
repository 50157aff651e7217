#!/usr/bin/env bash
# Passwords for docker-compose.secure.yml: one file per Kafka user under DIR
# (default ./secrets), made once, kept afterwards. DIR is private (0700); the files
# are 0644 because each is bind-mounted into its one container, whose user is not
# the file's owner. The CA bundle (kafka-ca.pem) is yours to copy in.
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")/../.." && pwd)/secrets}"
mkdir -p "$dir"
chmod 0700 "$dir"
for who in admin language entities bilateral credibility; do
  file="$dir/kafka-$who"
  if [ ! -s "$file" ]; then
    (umask 0022; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$file")
  fi
done
echo "passwords in $dir (kept if there already)."
echo "On your brokers, create these SCRAM-SHA-512 users with those passwords and"
echo "make newsenrich-admin a super user (or grant it topic creation and ACL changes):"
for who in admin language entities bilateral credibility; do
  echo "  newsenrich-$who  <- $dir/kafka-$who"
done
[ -s "$dir/kafka-ca.pem" ] || echo "then copy your CA bundle to $dir/kafka-ca.pem"
