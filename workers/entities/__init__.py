"""The entities worker: people, organisations and places, resolved to actors."""
