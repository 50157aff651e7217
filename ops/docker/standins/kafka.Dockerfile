# Stand-in for apache/kafka:3.9.1: the project's Kafka jars on Debian's Java 17,
# configured from KAFKA_* variables as the official image is.
FROM newsenrich-test/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 appuser \
 && mkdir -p /var/lib/kafka/data /opt/kafka/config \
 && chown -R appuser:root /var/lib/kafka /opt/kafka/config
COPY libs /opt/kafka/libs
COPY kafka-run kafka-topics.sh /opt/kafka/bin/
USER appuser
VOLUME ["/var/lib/kafka/data"]
CMD ["/opt/kafka/bin/kafka-run"]
