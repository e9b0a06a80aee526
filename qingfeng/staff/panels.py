"""Panels of the staff home: each app registers what it shows there (in AppConfig.ready()).

Like qingfeng.staff.menu, so that the staff app never imports another app's views: a
provider takes the request and returns the `Panel`s for that user (none for roles it
has nothing for). The home includes each panel's template with `panel` set to the
panel's context, in the order the providers were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Register `provider(request) -> list[Panel]`; usable as a decorator. Registering twice is harmless."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def panels_for(request) -> list[Panel]:
    return [panel for provider in _PROVIDERS for panel in provider(request)]
