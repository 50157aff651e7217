# Stand-in for python:3.11-slim: Debian 12's Python 3.11, `python` and `pip` on the
# PATH from a virtualenv at /usr/local (Debian's own Python refuses system pip).
FROM newsenrich-test/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3 python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /usr/local
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1
