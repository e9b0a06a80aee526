import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qingfeng.core.months import add_months
from qingfeng.villages.months import month_of


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


PNG = _png()  # a real image: attachments are drawn again without their metadata


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    storages = dict(settings.STORAGES)
    storages["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                           "OPTIONS": {"location": str(tmp_path / "media")}}
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _default_items(db):
    """The N list of migration 0002 (a flush by an earlier transactional test removes it)."""
    from qingfeng.villages.defaults import ensure_default_items

    ensure_default_items()


@pytest.fixture
def months():
    """This month and the ones before it: months[0] is this month, months[2] two months ago."""
    from django.utils import timezone

    this = month_of(timezone.localdate())
    return [add_months(this, -i) for i in range(6)]


@pytest.fixture
def member_b(world):
    """A committee member of T1's second village (枫林村): Hank's neighbour, not Hank's village."""
    from qingfeng.accounts.models import Role, User

    return User.objects.create_user("mia", password="x", full_name="Mia", role=Role.VILLAGE, jurisdiction=world.v1b)


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def jpeg_with_gps() -> bytes:
    """A small JPEG whose EXIF holds a camera model and a GPS position, as a phone writes it."""
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[0x8825] = {1: "N", 2: (28.0, 14.0, 30.0), 3: "E", 4: (112.0, 56.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def not_really_png(name="photo.png"):
    return SimpleUploadedFile(name, b"just some text pretending\n", content_type="image/png")


def items():
    from qingfeng.villages.models import RequiredItem

    return list(RequiredItem.objects.order_by("position"))
