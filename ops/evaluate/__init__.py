"""Quality and speed of each stage on the DEV splits in ../shared/data."""
