"""Bundles uploaded through the web: stored under QINGFENG_HOME/bundles/<id>/.

A bundle is written into a hidden temporary directory and renamed into place
when complete, so a failed upload never leaves a half bundle behind. Its files are
named as the engine reads them (``engine.bundlefiles``): a registry's key or Chinese
name, a part of a split registry (资金发放明细_2018-01.xls), a file in a folder named
after a registry (inside a .zip), or any name when the header row tells the registry.
"""

import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng import conf
from qingfeng.engine import bundlefiles
from qingfeng.engine.bounds import ZIP_DAMAGE
from qingfeng.engine.readers import BundleError
from qingfeng.engine.schema import FILE_EXTENSIONS, registry_of_name

MAX_BUNDLE_BYTES = 4 * 1024**3  # uncompressed; guards against zip bombs
EXAMPLES = "roll.csv、保障对象名册.xls、资金发放明细_2018-01.xlsx"


class BundleUploadError(ValueError):
    pass


def bundles_root() -> Path:
    path = conf.home() / "bundles"
    path.mkdir(parents=True, exist_ok=True)
    return path


def table_file_name(name: str) -> str | None:
    """The file's own name (no folder) when it is a table file the engine reads, else None."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base.startswith((".", "~$")) or PurePosixPath(base).suffix.lower() not in FILE_EXTENSIONS:
        return None
    return base


def registry_file_name(name: str) -> str | None:
    """The file's name when it names a registry (roll.csv, 保障对象名册.xls, payments_2018-01.ods …), else None."""
    base = table_file_name(name)
    return base if base and registry_of_name(PurePosixPath(base).stem)[0] else None


def _claim(target: Path, name: str, seen: dict) -> Path:
    if name in seen:
        raise BundleUploadError(_("两个文件同名：%(name)s") % {"name": name})
    seen[name] = name
    (target / name).parent.mkdir(exist_ok=True)
    return target / name


def _zip_name(entry: str) -> str | None:
    """Where a zip entry is stored: in its folder when that folder names a registry (payments/…), else flat."""
    base = table_file_name(entry)
    if base is None:
        return None
    folder = PurePosixPath(entry.replace("\\", "/")).parent.name
    key, part = registry_of_name(folder) if folder else (None, False)
    if key and not part:
        return f"{folder}/{base}"
    return base


def _extract_zip(upload, target: Path, seen: dict) -> int:
    total = 0
    try:
        with zipfile.ZipFile(upload) as archive:
            for info in archive.infolist():
                name = _zip_name(info.filename)
                if info.is_dir() or name is None:
                    continue  # read-me files and the like: not tables
                total += info.file_size
                if total > MAX_BUNDLE_BYTES:
                    raise BundleUploadError(_("压缩包解压后超过 4 GB。"))
                with archive.open(info) as src, open(_claim(target, name, seen), "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except ZIP_DAMAGE:  # not OSError: writing the members out may fail for reasons of our own
        raise BundleUploadError(_("%(name)s 不是有效的 zip 压缩包。") % {"name": upload.name}) from None
    return total


def _check_names(work: Path, uploaded: set) -> dict:
    """The engine's reading of the stored files; a file uploaded by itself whose name and
    header row tell no registry is refused (in a .zip it is only ignored)."""
    try:
        files, ignored = bundlefiles.bundle_files(work)
    except BundleError as e:
        raise BundleUploadError(str(e)) from None
    for name in sorted(uploaded & set(ignored)):
        raise BundleUploadError(_("%(name)s：文件名应为登记表名称加扩展名（例如 %(examples)s），表头也无法识别是哪个登记表。")
                                % {"name": name, "examples": EXAMPLES})
    return files


def save_upload(files) -> Path:
    """Store uploaded registry files (or .zip archives of them) as a new bundle."""
    if not files:
        raise BundleUploadError(_("请选择要上传的登记表文件。"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = bundles_root() / f"{stamp}-{uuid.uuid4().hex[:6]}"
    work = final.with_name("." + final.name + ".part")
    work.mkdir()
    seen: dict[str, str] = {}
    uploaded = set()
    try:
        for upload in files:
            if upload.name.lower().endswith(".zip"):
                _extract_zip(upload, work, seen)
                continue
            name = table_file_name(upload.name)
            if name is None:
                raise BundleUploadError(_("%(name)s：文件名应为登记表名称加扩展名（.csv、.xlsx、.xls、.ods 或 .parquet），"
                                          "例如 %(examples)s。") % {"name": upload.name, "examples": EXAMPLES})
            uploaded.add(name)
            with open(_claim(work, name, seen), "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        if not seen or not _check_names(work, uploaded):
            raise BundleUploadError(_("上传的文件中没有登记表（例如 %(examples)s）。") % {"examples": EXAMPLES})
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def server_directory(text: str) -> Path:
    path = Path(text.strip()).expanduser()
    if not text.strip() or not path.is_absolute() or not path.is_dir():
        raise BundleUploadError(_("服务器目录不存在或不是绝对路径：%(path)s") % {"path": text})
    return path.resolve()
