"""Imported once by the forkserver of qingfeng.core.isolation: Django is set up there,
before any child is forked, so each child starts ready (about 0.01 s instead of 0.3 s).

Setting up opens no database connection, so no child inherits one.
"""

try:
    import django

    django.setup()
    import qingfeng.core.tables  # noqa: F401  the upload readers' module
except Exception:  # noqa: BLE001 — no settings here, or they fail: each child sets up itself and says why
    pass
