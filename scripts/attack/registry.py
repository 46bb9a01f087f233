"""The list of attacks, and helpers most of them share."""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from harness import Context, Run


@dataclass
class Spec:
    id: str
    title: str
    promise: str
    fn: Callable
    slow: bool = False


ATTACKS: list[Spec] = []


def attack(id: str, title: str, promise: str, slow: bool = False):
    def deco(fn):
        ATTACKS.append(Spec(id, title, promise, fn, slow))
        return fn

    return deco


class Shared:
    """Inputs several attacks read: the advisory database imported once with the real
    `tollgate db import DIR --db DB`. Attacks that damage it work on a copy."""

    def __init__(self, root: Path, binary: Path, limits, base_env):
        self.root = root
        self.binary = binary
        self.limits = limits
        self.base_env = base_env
        self._lock = threading.Lock()
        self._db: Path | None = None
        self._db_error: str | None = None
        self.db_import_run: Run | None = None
        self.help_cache: dict[tuple, str] = {}

    def db(self) -> Path:
        import fixtures

        with self._lock:
            if self._db is None and self._db_error is None:
                ctx = Context("shared-db", self.root, self.binary, self.limits, self.base_env)
                src = fixtures.osv_dir(ctx.dir / "osv", fixtures.core_records())
                db = ctx.dir / "db"
                r = ctx.run(["db", "import", src, "--db", db], label="db import")
                self.db_import_run = r
                if r.rc == 0 and not ctx.problems:
                    self._db = db
                else:
                    self._db_error = f"`db import` of the attack records failed: {r.short()} {r.first_error()}"
            if self._db is None:
                raise RuntimeError(self._db_error)
            return self._db

    def db_copy(self, to: Path) -> Path:
        shutil.copytree(self.db(), to)
        return to

    def help(self, *sub: str) -> str:
        """`tollgate SUB --help`, to learn which options this build has."""
        import subprocess

        with self._lock:
            if sub not in self.help_cache:
                p = subprocess.run(
                    [str(self.binary), *sub, "--help"], capture_output=True, timeout=30,
                    env=self.base_env,
                )
                self.help_cache[sub] = (p.stdout + p.stderr).decode("utf-8", "replace")
            return self.help_cache[sub]

    def has_option(self, option: str, *sub: str) -> bool:
        return f"{option} " in self.help(*sub) or f"{option}\n" in self.help(*sub) or \
            f"{option}=" in self.help(*sub) or f"{option}," in self.help(*sub)


def scan_json(ctx: Context, target: Path, args: list, name: str, **kw) -> tuple[Run, dict | None]:
    """`scan TARGET ARGS` with a JSON report in out/NAME.json and the text report on stdout."""
    report = ctx.out / f"{name}.json"
    if report.exists():
        report.unlink()
    r = ctx.run(
        ["scan", target, "--no-progress", "-f", "json", "-o", report, "-f", "text", *args],
        label=kw.pop("label", f"scan {name}"),
        **kw,
    )
    return r, load_json(report)


def load_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def findings(report: dict | None, rule_prefix: str = "") -> list[dict]:
    if not report:
        return []
    return [f for f in report.get("findings", []) if f.get("rule_id", "").startswith(rule_prefix)]


def with_advisory(report: dict | None, advisory: str) -> list[dict]:
    return [f for f in findings(report, "deps/") if advisory in json.dumps(f)]


def issues_for(report: dict | None, path_part: str) -> list[dict]:
    if not report:
        return []
    return [i for i in report.get("file_issues", []) if path_part in i.get("path", "")]


def decision(report: dict | None) -> dict:
    return (report or {}).get("decision") or {}
