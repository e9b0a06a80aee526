"""The `qingfeng` command.

Engine commands (crosscheck, rules, demo-data) run without Django so that a batch
machine needs nothing but the engine; every other command is a Django management
command, run after the embedded database is created and migrated.
"""

import os
import sys

ENGINE_COMMANDS = {"crosscheck", "rules", "demo-data"}
NO_AUTO_MIGRATE = {"migrate", "makemigrations", "help", "--help", "-h", "version", "--version"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ENGINE_COMMANDS:
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
