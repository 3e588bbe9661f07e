"""Benchmarks re-run themselves in a subprocess pointed at a throw-away SQLite database, so the real
database is never touched."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

CHILD_FLAG = "--in-scratch-database"


def run_in_scratch_database(command: str, args: list[str]) -> str:
    """Run `manage.py <command> --in-scratch-database <args>` on a new SQLite file; return what it printed."""
    tmp = tempfile.mkdtemp(prefix=f"{command}-")
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "partnership_audit.settings_test",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
        }
        manage = str(settings.BASE_DIR / "manage.py")
        result = subprocess.run(
            [sys.executable, manage, command, CHILD_FLAG, *args], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CommandError(f"The benchmark failed:\n{result.stderr}")
        return result.stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
