"""The credibility worker: who published an article, and which outlets it relies on."""
