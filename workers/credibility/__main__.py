"""`python -m workers.credibility`: run the credibility worker until SIGTERM."""

from workers.pipeline import serve

serve("credibility")
