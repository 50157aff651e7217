"""`python -m workers.credibility`: run the credibility worker until SIGTERM."""

from workers.runtime.run import serve

serve("credibility")
