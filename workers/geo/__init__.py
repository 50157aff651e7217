"""Who is who in world news: states, blocs and the people who speak for them."""

from workers.geo.gazetteer import Gazetteer, Mention, Person, load_gazetteer

__all__ = ["Gazetteer", "Mention", "Person", "load_gazetteer"]
