"""POST /api/public/reports… (portal.md §2). Placeholder: the reports helper replaces this module."""

from ninja import Router

router = Router(tags=["reports"])
