"""The staff menu: each app registers what its pages offer a user (in AppConfig.ready()).

The staff home's cards and the header menu are built from the same entries, so a
role sees one list of what it can do. An entry provider takes the user and returns
`Entry`s for the pages that user may open.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    text: str = ""


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Register `provider(user) -> list[Entry]`; usable as a decorator. Registering twice is harmless."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def entries_for(user) -> list[Entry]:
    return [entry for provider in _PROVIDERS for entry in provider(user)]
