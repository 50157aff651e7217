#!/bin/bash
# The official image's topic tool, which compose's healthcheck runs.
exec java -Xmx128m -cp "/opt/kafka/libs/*" org.apache.kafka.tools.TopicCommand "$@"
