"""Texts for people: translation of core's messages and system messages passed through."""
