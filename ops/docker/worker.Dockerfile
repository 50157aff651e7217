# One image for every worker; the service's command picks the worker.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY topics ./topics
COPY workers ./workers
COPY ops ./ops
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 news
COPY --from=build /install /usr/local
USER news
ENV NEWS_LOG_FORMAT=json NEWS_METRICS_PORT=9000
EXPOSE 9000
HEALTHCHECK --interval=15s --timeout=3s --retries=4 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9000/metrics', timeout=2)"
CMD ["python", "-m", "workers.language"]
