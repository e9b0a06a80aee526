"""`qingfeng restore IN.tar [--force]`: an installation back from `qingfeng backup`."""

from django.core.management.base import BaseCommand, CommandError

from qingfeng.backup.archive import BackupError, restore


class Command(BaseCommand):
    help = ("恢复 / restore: check every checksum of a `qingfeng backup` archive, restore the database, data hub, "
            "uploads, attachments and keys into this installation, then verify the audit trail. Stop the server "
            "first. Refuses an installation that already holds data unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by `qingfeng backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the data of this installation (replaced files are set aside in "
                                 "QINGFENG_HOME/.replaced-<time>/)")

    def handle(self, *args, **options):
        try:
            done = restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(f"恢复失败 / restore failed: {exc}") from None
        self.stdout.write(f"恢复完成 / restored: {done.files} files from the backup of "
                          f"{done.manifest['created_at']}; audit trail intact: {done.audit_entries} entries verified")
        if done.set_aside:
            self.stdout.write(f"replaced files were set aside in {done.set_aside}")
