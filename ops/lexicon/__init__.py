"""Tools that derive the shipped lexicons from the evaluation data folder."""
