"""newsenrich: stream-processing news enrichment workers."""

__version__ = "0.1.0"
