"""Who may do what: one policy function for every read and write (DESIGN decision 8)."""

from faelled.access.policy import Action, Actor, Forbidden, check, is_allowed

__all__ = ["Action", "Actor", "Forbidden", "check", "is_allowed"]
