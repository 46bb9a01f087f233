"""Running the binary under limits, recording what it did, and judging the generic promises.

Every attack gets a `Context`: a private directory, an environment that keeps the binary's
state (home, caches, verifier state) inside it, and `run()`, which executes the binary with
a wall-clock timeout and an address-space limit and notes any panic, hang, signal or memory
failure. At the end the context scans every byte the binary wrote (stdout, stderr and every
file under `out/`) for the secrets the attack planted.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

PASS, FAIL, ERROR = "PASS", "FAIL", "ERROR"

# What a Rust panic or our panic hook leaves on stderr.
PANIC_MARKERS = (b"panicked at", b"panicked", b"internal error", b"RUST_BACKTRACE")
# What an allocation failure or an exhausted stack leaves on stderr.
MEMORY_MARKERS = (b"memory allocation of", b"has overflowed its stack", b"out of memory")


@dataclass
class Limits:
    timeout: float = 60.0
    memory: int = 2 << 30


@dataclass
class Run:
    """One execution of the binary."""

    label: str
    argv: list[str]
    rc: int | None
    stdout: bytes
    stderr: bytes
    seconds: float
    timed_out: bool

    @property
    def signal(self) -> int | None:
        return -self.rc if self.rc is not None and self.rc < 0 else None

    @property
    def text(self) -> str:
        return (self.stdout + b"\n" + self.stderr).decode("utf-8", "replace")

    def short(self) -> str:
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        if self.signal:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = str(self.signal)
            return f"killed by {name}"
        return f"exit {self.rc}"

    def first_error(self, limit: int = 160) -> str:
        """The first line of stderr that looks like an error, shortened, for a detail cell."""
        for line in self.stderr.decode("utf-8", "replace").splitlines():
            if "error" in line.lower() or "fail" in line.lower():
                return line.strip()[:limit]
        lines = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[0].strip()[:limit] if lines else ""


def find_prlimit() -> str | None:
    return shutil.which("prlimit")


def _set_memory_limit(limit: int):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def execute(
    argv: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    limits: Limits,
    stdin: bytes | None = None,
    stdout_file=None,
    label: str = "",
) -> Run:
    """Run `argv` in its own process group, killed as a group on timeout."""
    prlimit = find_prlimit()
    full = ([prlimit, f"--as={limits.memory}", "--"] + argv) if prlimit else argv
    start = time.monotonic()
    proc = subprocess.Popen(
        full,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=stdout_file if stdout_file is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # preexec_fn is unsafe with threads; only used where prlimit is missing.
        preexec_fn=None if prlimit else _set_memory_limit(limits.memory),
    )
    timed_out = False
    try:
        out, err = proc.communicate(stdin, timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        out, err = proc.communicate()
    return Run(
        label=label or " ".join(argv[1:4]),
        argv=argv,
        rc=proc.returncode,
        stdout=out or b"",
        stderr=err or b"",
        seconds=time.monotonic() - start,
        timed_out=timed_out,
    )


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class Secret:
    """A planted secret. `window` characters of it anywhere in an output count as a leak,
    since the product promises to show at most four leading characters."""

    value: str
    name: str = "secret"
    window: int = 8

    def leaks_in(self, data: bytes) -> str | None:
        v = self.value.encode()
        if v in data:
            return "in full"
        w = min(self.window, len(v))
        for i in range(0, len(v) - w + 1):
            if v[i : i + w] in data:
                return f"{w} characters from offset {i} ({'tail' if i + w == len(v) else 'part'})"
        return None

    def scrub(self, text: str) -> str:
        text = text.replace(self.value, self.value[:4] + "…")
        w = min(self.window, len(self.value))
        for i in range(0, len(self.value) - w + 1):
            text = text.replace(self.value[i : i + w], "…")
        return text


class BulkSecrets:
    """Many alphanumeric tokens (long lines of candidates): a leak is an output run of
    12 or more alphanumerics that is a token, or a token's first or last 12 characters."""

    RUN = re.compile(rb"[A-Za-z0-9]{12,}")

    def __init__(self, tokens: list[str], name: str):
        self.name = name
        self.full = {t.encode() for t in tokens}
        self.heads = {t[:12].encode() for t in tokens}
        self.tails = {t[-12:].encode() for t in tokens}

    def leaks_in(self, data: bytes) -> str | None:
        for m in self.RUN.finditer(data):
            r = m.group()
            if r in self.full or r[:12] in self.heads or r[-12:] in self.tails:
                return f"token {r[:4].decode()}… shown"
        return None

    def scrub(self, text: str) -> str:
        def one(m):
            r = m.group().encode()
            hit = r in self.full or r[:12] in self.heads or r[-12:] in self.tails
            return m.group()[:4] + "…" if hit else m.group()

        return re.sub(r"[A-Za-z0-9]{12,}", one, text)


@dataclass
class Row:
    id: str
    attack: str
    promise: str
    result: str
    detail: str
    seconds: float = 0.0
    input: str = ""


@dataclass
class Context:
    """What one attack works with. Failures are collected, not raised, so every check of an
    attack is reported together."""

    id: str
    root: Path
    binary: Path
    limits: Limits
    base_env: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    secrets: list = field(default_factory=list)
    extra_outputs: list[Path] = field(default_factory=list)
    input_desc: str = ""

    def __post_init__(self):
        self.dir = self.root / re.sub(r"[^A-Za-z0-9_.-]", "_", self.id)
        self.out = self.dir / "out"
        self.home = self.dir / "home"
        for d in (self.dir, self.out, self.home):
            d.mkdir(parents=True, exist_ok=True)
        (self.home / ".gitconfig").write_text(
            "[user]\n\tname = Attack\n\temail = attack@example.invalid\n"
            "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
        )
        self.lock = threading.Lock()

    # --- environment and execution -------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        env = dict(self.base_env)
        env.update(
            HOME=str(self.home),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local/state"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local/share"),
            TOLLGATE_STATE_DIR=str(self.out / "verifier-state"),
            GIT_CONFIG_GLOBAL=str(self.home / ".gitconfig"),
            GIT_CONFIG_NOSYSTEM="1",
            TMPDIR=str(self.dir),
        )
        return env

    def run(
        self,
        args: list[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float | None = None,
        stdin: bytes | None = None,
        stdout_file=None,
        label: str = "",
        allow_sigpipe: bool = False,
    ) -> Run:
        """Run the binary and check the generic promises: no panic, no hang, no signal,
        no memory failure."""
        limits = Limits(timeout or self.limits.timeout, self.limits.memory)
        e = self.env
        if env:
            e.update(env)
        r = execute(
            [str(self.binary)] + [str(a) for a in args],
            cwd=cwd or self.dir,
            env=e,
            limits=limits,
            stdin=stdin,
            stdout_file=stdout_file,
            label=label,
        )
        with self.lock:
            self.runs.append(r)
        self.judge_generic(r, allow_sigpipe=allow_sigpipe)
        return r

    def judge_generic(self, r: Run, allow_sigpipe: bool = False) -> None:
        what = r.label or " ".join(r.argv[1:3])
        if r.timed_out:
            self.fail(f"{what}: hang (no exit within {r.seconds:.0f} s)")
            return
        if any(m in r.stderr for m in MEMORY_MARKERS):
            self.fail(f"{what}: memory/stack exhausted ({r.short()}): {first_line_with(r.stderr, MEMORY_MARKERS)}")
        elif any(m in r.stderr for m in PANIC_MARKERS) or r.rc == 101:
            self.fail(f"{what}: panic ({r.short()}): {first_line_with(r.stderr, PANIC_MARKERS)}")
        elif r.signal and not (allow_sigpipe and r.signal == signal.SIGPIPE):
            self.fail(f"{what}: {r.short()}")

    # --- judgement --------------------------------------------------------------------

    def fail(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)

    def expect(self, condition: bool, message: str) -> bool:
        if not condition:
            self.fail(message)
        return bool(condition)

    def note(self, message: str) -> None:
        with self.lock:
            self.notes.append(message)

    def near_miss(self, condition: bool, message: str) -> bool:
        """A check on the harmless twin of the input: without it a PASS could be vacuous."""
        return self.expect(condition, f"near miss: {message}")

    def plant(self, value: str, name: str = "secret", window: int = 8) -> str:
        if len(value) < 8:
            raise ValueError(f"planted {name} is too short to track")
        self.secrets.append(Secret(value, name, window))
        return value

    def plant_bulk(self, tokens: list[str], name: str) -> None:
        self.secrets.append(BulkSecrets(tokens, name))

    def output_blobs(self):
        for r in self.runs:
            yield f"{r.label} stdout", r.stdout
            yield f"{r.label} stderr", r.stderr
        roots = [self.out] + self.extra_outputs
        for root in roots:
            if not root.exists():
                continue
            paths = [root] if root.is_file() else sorted(p for p in root.rglob("*"))
            for p in paths:
                try:
                    if p.is_file() and not p.is_symlink() and not is_special(p):
                        yield str(p.relative_to(self.root)), p.read_bytes()
                except OSError:
                    continue

    def check_secrets(self) -> None:
        if not self.secrets:
            return
        for label, data in self.output_blobs():
            for s in self.secrets:
                how = s.leaks_in(data)
                if how:
                    self.fail(f"{s.name} leaked ({how}) in {label}")

    def scrub(self, text: str) -> str:
        """The report of this script must not leak what it planted, nor the temp path."""
        for s in self.secrets:
            text = s.scrub(text)
        return text.replace(str(self.root), "$TMP")

    def row(self, attack: str, promise: str, seconds: float, crashed: str | None) -> Row:
        if crashed:
            result, detail = ERROR, crashed
        elif self.problems:
            result = FAIL
            detail = "; ".join(dedupe(self.problems))
            if self.notes:
                detail += " — seen: " + "; ".join(self.notes)
        else:
            result = PASS
            detail = "; ".join(self.notes) or "ok"
        return Row(self.id, attack, promise, result, self.scrub(detail), seconds, self.scrub(self.input_desc))


def is_special(p: Path) -> bool:
    import stat

    try:
        m = p.lstat().st_mode
    except OSError:
        return True
    return not stat.S_ISREG(m)


def first_line_with(data: bytes, markers) -> str:
    for line in data.splitlines():
        if any(m in line for m in markers):
            return line.decode("utf-8", "replace").strip()[:200]
    return ""


def dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def describe_exception() -> str:
    tb = traceback.format_exc().strip().splitlines()
    return "attack setup error: " + (tb[-1] if tb else "unknown")
