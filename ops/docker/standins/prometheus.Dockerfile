# Stand-in for prom/prometheus:v2.42.0: Debian 12's prometheus (2.42).
FROM newsenrich-test/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      prometheus \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus && chown nobody /prometheus
USER nobody
WORKDIR /prometheus
# Debian's build defaults its storage to /var/lib/prometheus; the official image's
# (with compose's command) is data/ under its working directory, the volume.
ENTRYPOINT ["/usr/bin/prometheus", "--storage.tsdb.path=data/"]
CMD ["--config.file=/etc/prometheus/prometheus.yml"]
