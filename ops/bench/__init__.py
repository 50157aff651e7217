"""`newsenrich bench`: each stage on the real broker beside its in-process rate.

See docs/performance.md for the method and the last figures.
"""
