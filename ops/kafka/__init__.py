"""Kafka operations: run a local single-node broker and create the contract's topics."""
