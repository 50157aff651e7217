"""Operations: the local Kafka broker, topic creation and deployment files."""
