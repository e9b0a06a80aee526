"""`qingfeng backup OUT.tar`: database, data hub, uploads, attachments and keys in one archive."""

from django.core.management.base import BaseCommand, CommandError

from qingfeng.backup.archive import BackupError, create


class Command(BaseCommand):
    help = ("备份 / backup: a consistent snapshot of the database, the data hub, uploaded bundles, attachments "
            "and keys in one tar archive (OUT.tar, or OUT.tar.gz compressed) with a manifest of SHA-256 "
            "checksums. Safe while the server runs. The archive holds the keys: keep it as safe as the server.")

    def add_arguments(self, parser):
        parser.add_argument("out", help="the archive to write (must not exist): .tar or .tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = create(options["out"])
        except BackupError as exc:
            raise CommandError(f"备份失败 / backup failed: {exc}") from None
        head = manifest["audit_head"]
        size = sum(f["size"] for f in manifest["files"])
        self.stdout.write(f"备份完成 / backup written: {options['out']} — {len(manifest['files'])} files, "
                          f"{size:,} bytes, {manifest['database']['vendor']} database, "
                          f"audit head {head['seq']} {head['hash']}")
