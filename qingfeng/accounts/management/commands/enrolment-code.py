from django.core.management.base import BaseCommand, CommandError

from qingfeng.accounts import enrolment
from qingfeng.accounts.actions import do_issue_enrolment_code
from qingfeng.accounts.models import User


class Command(BaseCommand):
    help = ("Issue a fresh single-use 2FA enrolment code for a staff account (earlier codes end); "
            "--reset also removes the account's devices, e.g. after a lost phone.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="remove the account's 2FA devices and backup codes")

    def handle(self, *args, username, reset, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username}")
        issued = do_issue_enrolment_code(user, acting_user=None, reset_devices=reset)
        if reset:
            self.stdout.write(f"removed the 2FA devices of {user.username}")
        self.stdout.write(enrolment.describe(user.username, issued.code, issued.expires_at))
