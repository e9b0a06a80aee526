"""The `qingfeng` command.

Engine commands (crosscheck, rules, demo-data) run without Django so that a batch
machine needs nothing but the engine; every other command is a Django management
command, run after the embedded database is created and migrated.
"""

import os
import sys

ENGINE_COMMANDS = {"crosscheck", "rules", "demo-data"}
# restore loads a database of its own (and migrates it afterwards): a fresh installation stays empty for it.
NO_AUTO_MIGRATE = {"migrate", "makemigrations", "help", "--help", "-h", "version", "--version", "restore"}
USAGE = """usage: qingfeng COMMAND [ARGS]   (qingfeng COMMAND --help for its options)

platform:
  demo                    load the demo county and serve it
  serve                   serve the platform
  worker                  run background jobs (serve runs one too)
  migrate                 apply database migrations
  places import FILE      set up the county's places from division codes (.xlsx or .csv)
  portal publish | posters  rebuild the public lookup data; QR posters per village (--out DIR)
  createuser NAME         create a staff account with a role and a jurisdiction
  audit verify            check the audit trail's hash chain
  backup OUT.tar          database, data hub, uploads, attachments and keys in one archive
  restore IN.tar          restore an installation from a backup (--force to replace data)
ledger and reports:
  ledger import FILE      import a ledger (.xlsx with its 处理人员/问责 sheets, or .csv)
  ledger export FILE      export the ledger to .xlsx
  report stats            the standard indicators (--from D --to D [--json] [--by DIMENSION])
  crosscheck-ledger DIR   cross-check a bundle and put new hits in the ledger
cross-check engine (no database needed):
  crosscheck DIR --out F  import a registry bundle, run the rules, write the hits
  rules list | show ID    the rule catalogue
  demo-data DIR           generate a synthetic bundle with its answer key

all Django management commands are available too (qingfeng help --commands).
"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0
    if argv[0] in ENGINE_COMMANDS:
        from qingfeng.engine.cli import main as engine_main

        return engine_main(argv)
    return run_django(argv)


def run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.web.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if argv and argv[0] not in NO_AUTO_MIGRATE:
        migrate_if_needed()
    execute_from_command_line(["qingfeng", *argv])
    return 0


def migrate_if_needed() -> None:
    """Create and migrate the database on first use (spec: ledger.md §3)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
