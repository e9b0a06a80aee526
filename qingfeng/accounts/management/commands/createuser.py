import getpass

from django.core.management.base import BaseCommand, CommandError

from qingfeng.accounts import enrolment
from qingfeng.accounts.actions import AccountError, do_create_user, do_issue_enrolment_code
from qingfeng.accounts.models import Role
from qingfeng.places.models import Department, Jurisdiction


class Command(BaseCommand):
    help = "Create a staff account with a role and a jurisdiction (code of county, 片区, 乡镇 or 村)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--jurisdiction", required=True, help="jurisdiction code, e.g. 430821101")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--department", help="department code, for department liaisons")
        parser.add_argument("--password", help="omit to be asked")

    def handle(self, *args, username, role, jurisdiction, name, department, password, **options):
        place = Jurisdiction.objects.filter(code=jurisdiction).first()
        if place is None:
            raise CommandError(f"no jurisdiction with code {jurisdiction}")
        dept = Department.objects.filter(code=department).first() if department else None
        if department and dept is None:
            raise CommandError(f"no department with code {department}")
        password = password or getpass.getpass("password: ")
        try:
            user = do_create_user(
                acting_user=None, username=username, password=password, role=role,
                jurisdiction=place, full_name=name, department=dept,
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {user.username} ({user.get_role_display()}, {place.name})")
        issued = do_issue_enrolment_code(user, acting_user=None)
        self.stdout.write(enrolment.describe(user.username, issued.code, issued.expires_at))
