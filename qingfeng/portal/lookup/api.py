"""POST /api/public/lookup (portal.md §1). Placeholder: the lookup helper replaces this module."""

from ninja import Router

router = Router(tags=["lookup"])
