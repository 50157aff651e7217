"""Shared plumbing: the only code that talks to Kafka (through faust and aiokafka)."""
