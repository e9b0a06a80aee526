"""Bundles uploaded through the web: stored under QINGFENG_HOME/bundles/<id>/.

A bundle is written into a hidden temporary directory and renamed into place
when complete, so a failed upload never leaves a half bundle behind.
"""

import shutil
import uuid
import zipfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng import conf
from qingfeng.engine.schema import FILE_EXTENSIONS, REGISTRIES

MAX_BUNDLE_BYTES = 4 * 1024**3  # uncompressed; guards against zip bombs


class BundleUploadError(ValueError):
    pass


def bundles_root() -> Path:
    path = conf.home() / "bundles"
    path.mkdir(parents=True, exist_ok=True)
    return path


def registry_file_name(name: str) -> str | None:
    """The file's name when it names a registry (roll.csv, payments.xlsx …), else None."""
    base = Path(name.replace("\\", "/")).name
    path = Path(base)
    if path.stem.lower() in REGISTRIES and path.suffix.lower() in FILE_EXTENSIONS:
        return path.stem.lower() + path.suffix.lower()
    return None


def _claim(target: Path, name: str, seen: dict) -> Path:
    key = Path(name).stem
    if key in seen:
        raise BundleUploadError(_("登记表 %(key)s 有两个文件：%(a)s 和 %(b)s") % {"key": key, "a": seen[key], "b": name})
    seen[key] = name
    return target / name


def _extract_zip(upload, target: Path, seen: dict) -> int:
    total = 0
    try:
        with zipfile.ZipFile(upload) as archive:
            for info in archive.infolist():
                name = registry_file_name(info.filename)
                if info.is_dir() or name is None:
                    continue  # answer keys, read-me files: not registries
                total += info.file_size
                if total > MAX_BUNDLE_BYTES:
                    raise BundleUploadError(_("压缩包解压后超过 4 GB。"))
                with archive.open(info) as src, open(_claim(target, name, seen), "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except zipfile.BadZipFile:
        raise BundleUploadError(_("%(name)s 不是有效的 zip 压缩包。") % {"name": upload.name}) from None
    return total


def save_upload(files) -> Path:
    """Store uploaded registry files (or .zip archives of them) as a new bundle."""
    if not files:
        raise BundleUploadError(_("请选择要上传的登记表文件。"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = bundles_root() / f"{stamp}-{uuid.uuid4().hex[:6]}"
    work = final.with_name("." + final.name + ".part")
    work.mkdir()
    seen: dict[str, str] = {}
    try:
        for upload in files:
            if upload.name.lower().endswith(".zip"):
                _extract_zip(upload, work, seen)
                continue
            name = registry_file_name(upload.name)
            if name is None:
                raise BundleUploadError(_("%(name)s：文件名应为登记表名称加扩展名，例如 roll.csv、payments.xlsx。")
                                        % {"name": upload.name})
            with open(_claim(work, name, seen), "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        if not seen:
            raise BundleUploadError(_("上传的文件中没有登记表（例如 roll.csv、payments.xlsx）。"))
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
