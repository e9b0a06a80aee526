"""Finding a place from a code that came from outside (a public URL or form)."""

from qingfeng.places.models import Jurisdiction

CODE_MAX_LENGTH = 20  # Jurisdiction.code's own limit: anything longer is no code


def county() -> Jurisdiction | None:
    """The county the platform serves (the root of the places); None before it is set up."""
    return Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).order_by("pk").first()


def village_by_code(code: str | None) -> Jurisdiction | None:
    """The village with this code, its township fetched along; None for anything else."""
    if not code or len(code) > CODE_MAX_LENGTH:
        return None
    return Jurisdiction.objects.filter(code=code, level=Jurisdiction.Level.VILLAGE).select_related("parent").first()
