"""Ledger attacks. Tampering is written against the on-disk format docs/ledger.md describes
(v1: `u32 LE length ‖ entry ‖ leaf hash`; v2: a 16-byte `TGLR` header with a CRC-32, then
entry and leaf hash); where the format is not recognised, only generic steps are used:
the binary itself appending without the key, truncation, file deletion and restore."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from fixtures import write
from registry import attack


@dataclass
class Record:
    offset: int
    header: int
    length: int
    entry: bytes
    leaf: bytes

    @property
    def end(self) -> int:
        return self.offset + self.header + self.length + 32


def ledger_format(ledger: Path) -> str:
    try:
        return json.loads((ledger / "ledger.json").read_text()).get("format", "?")
    except (OSError, ValueError):
        return "?"


def parse_records(ledger: Path) -> tuple[str, list[Record]]:
    """Records of `entries`, or raises when the bytes do not follow the documented format."""
    fmt = ledger_format(ledger)
    data = (ledger / "entries").read_bytes()
    v2 = data[:4] == b"TGLR"
    out, off = [], 0
    while off < len(data):
        if v2:
            if data[off : off + 4] != b"TGLR":
                raise ValueError(f"no TGLR marker at {off}")
            (length,) = struct.unpack_from("<I", data, off + 8)
            header = 16
        else:
            (length,) = struct.unpack_from("<I", data, off)
            header = 4
        entry = data[off + header : off + header + length]
        leaf = data[off + header + length : off + header + length + 32]
        if len(leaf) != 32 or hashlib.sha256(b"\0" + entry).digest() != leaf:
            raise ValueError(f"record at {off} does not match the documented layout")
        out.append(Record(off, header, length, entry, leaf))
        off += header + length + 32
    return ("v2" if v2 else "v1") + f" ({fmt})", out


def crc_layout(data: bytes) -> str | None:
    """How the v2 header stores its CRC-32 of the first 12 bytes: little or big endian."""
    c = zlib.crc32(data[:12])
    if data[12:16] == struct.pack("<I", c):
        return "<I"
    if data[12:16] == struct.pack(">I", c):
        return ">I"
    return None


def mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 Merkle tree hash."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def rebuild(ledger: Path, records: list[Record], entries: list[bytes]) -> None:
    """Write `entries` in place of `records`, recomputing leaf hashes (and, for v2, the
    length and checksum of each record's own header, keeping its batch flags)."""
    data = (ledger / "entries").read_bytes()
    v2 = data[:4] == b"TGLR"
    out = bytearray()
    if v2:
        layout = crc_layout(data)
        if layout is None:
            raise RuntimeError("v2 header checksum layout not recognised")
    for rec, e in zip(records, entries):
        if v2:
            head = bytearray(data[rec.offset : rec.offset + 12])
            struct.pack_into("<I", head, 8, len(e))
            head += struct.pack(layout, zlib.crc32(bytes(head)))
            out += head
        else:
            out += struct.pack("<I", len(e))
        out += e + hashlib.sha256(b"\0" + e).digest()
    (ledger / "entries").write_bytes(bytes(out))


def rechain_v2(entries: list[bytes]) -> list[bytes]:
    """v2 entries carry the root of the entries before them; recompute those roots, as an
    attacker rebuilding the log would (signatures cannot be recomputed without the key)."""
    out, leaves = [], []
    for i, e in enumerate(entries):
        if e[:1] == b"\x02" and len(e) > 41:
            e = e[:1] + struct.pack(">Q", i) + mth(leaves) + e[41:]
        out.append(e)
        leaves.append(hashlib.sha256(b"\0" + e).digest())
    return out


def drop_checkpoints(ledger: Path) -> None:
    """Remove every checkpoint, leaving the layout of a log that was never checkpointed."""
    shutil.rmtree(ledger / "checkpoints", ignore_errors=True)
    (ledger / "checkpoints").mkdir()
    (ledger / "checkpoint").unlink(missing_ok=True)


class LedgerKit:
    """Keys, trees and signed scans for one attack."""

    def __init__(self, ctx, name: str):
        self.ctx = ctx
        self.keys = ctx.dir / "keys"
        self.keys.mkdir(exist_ok=True)
        self.key = self.keys / "ledger.key"
        r = ctx.run(["ledger", "keygen", "--name", f"attack.example/{name}", "--out", self.key], label="ledger keygen")
        lines = r.stdout.decode().strip().splitlines()
        if r.rc != 0 or not lines:
            raise RuntimeError(f"ledger keygen failed: {r.short()} {r.first_error()}")
        self.pub = lines[-1].strip()
        (self.keys / "ledger.pub").write_text(self.pub + "\n")
        self.ledger = ctx.out / "ledger"
        self.tree = ctx.dir / "tree"
        write(self.tree / "app.txt", "hello\n")
        # The private key must never show up in anything the binary writes.
        ctx.plant(private_material(self.key.read_text()), "ledger private key")

    def scan(self, signed: bool = True, tree: Path | None = None, ledger: Path | None = None, label: str = ""):
        args = ["scan", tree or self.tree, "--no-progress", "--only", "secrets", "--ledger", ledger or self.ledger]
        if signed:
            args += ["--signing-key", self.key]
        return self.ctx.run(args, label=label or ("signed scan" if signed else "unsigned scan"))

    def verify(self, state: str = "state", ledger: Path | None = None, label: str = "ledger verify"):
        return self.ctx.run(
            ["ledger", "verify", "--ledger", ledger or self.ledger, "--key", self.pub],
            env={"TOLLGATE_STATE_DIR": str(self.ctx.dir / state)},
            label=label,
        )

    @staticmethod
    def ok(r) -> bool:
        return r.rc == 0 or any(l.strip() == "OK" for l in r.stdout.decode("utf-8", "replace").splitlines())

    def entries_count(self, ledger: Path | None = None) -> int | None:
        r = self.ctx.run(["ledger", "status", "--ledger", ledger or self.ledger], label="ledger status")
        for l in r.stdout.decode("utf-8", "replace").splitlines():
            if l.startswith("entries:"):
                try:
                    return int(l.split()[1])
                except (IndexError, ValueError):
                    return None
        return None


def private_material(text: str) -> str:
    """The key bytes of `PRIVATE+KEY+<name>+<id>+<base64>` (base64 may itself hold '+')."""
    parts = text.strip().split("+", 4)
    if len(parts) != 5 or len(parts[4]) < 16:
        raise RuntimeError("the private key file is not in the documented PRIVATE+KEY+name+id+key form")
    return parts[4]


def must_not_verify(ctx, kit, r, what: str) -> None:
    ctx.expect(not kit.ok(r), f"{what}: `ledger verify --key PUB` said OK ({r.short()})")
    if not kit.ok(r):
        ctx.note(f"{what}: {r.short()} {first_failed(r)}")


def first_failed(r) -> str:
    for l in r.stdout.decode("utf-8", "replace").splitlines() + r.stderr.decode("utf-8", "replace").splitlines():
        if "FAIL" in l or "error" in l.lower():
            return l.strip()[:140]
    return ""


@attack("15a", "ledger rewritten with recomputed hashes, checkpoints deleted", "verify --key PUB does not say OK")
def ledger_rewrite(ctx, sh):
    kit = LedgerKit(ctx, "15a")
    for _ in range(2):
        kit.scan()
    ctx.near_miss(kit.ok(kit.verify("state-before")), "the untouched ledger does not verify")
    fmt, recs = parse_records(kit.ledger)
    ctx.input_desc = (
        f"2 signed scans; entries file ({fmt}) rewritten: entry 0's `\"time\":\"20` changed to `\"time\":\"19`, "
        "every leaf hash (and v2 prev-root and header CRC) recomputed; checkpoints/ and checkpoint deleted; "
        "`ledger verify --key PUB` with a fresh verifier state"
    )
    entries = [r.entry for r in recs]
    if b'"time":"20' not in entries[0]:
        raise RuntimeError("entry 0 has no time field to change")
    entries[0] = entries[0].replace(b'"time":"20', b'"time":"19', 1)
    if fmt.startswith("v2"):
        entries = rechain_v2(entries)
    rebuild(kit.ledger, recs, entries)
    drop_checkpoints(kit.ledger)
    must_not_verify(ctx, kit, kit.verify("state-fresh"), "rewritten log")


@attack("15b", "forged record appended without the key, then a signed scan", "verify --key PUB does not say OK")
def ledger_forged_append(ctx, sh):
    kit = LedgerKit(ctx, "15b")
    kit.scan()
    ctx.near_miss(kit.ok(kit.verify("state-before")), "the untouched ledger does not verify")
    fmt, recs = parse_records(kit.ledger)
    ctx.input_desc = (
        f"1 signed scan ({fmt}); then (A) `scan --ledger L` without --signing-key appends a record, "
        "(B, on a copy, v1 layout only) a record crafted by hand (length, forged gate-decision entry, its leaf hash) is appended; "
        "then a legitimate signed scan; `ledger verify --key PUB`"
    )
    copy = ctx.out / "ledger-b"
    shutil.copytree(kit.ledger, copy)
    kit.scan(signed=False, label="forged (unsigned) scan")
    s = kit.scan(label="legitimate signed scan after the forgery")
    must_not_verify(ctx, kit, kit.verify("state-a"), "(A) unsigned record then signed scan")
    ctx.note(f"signed scan after the forgery: {s.short()}")
    if fmt.startswith("v1"):
        forged = json.dumps({"decision": {"reasons": ["forged"], "status": "pass"}, "kind": "gate-decision",
                             "time": "2026-01-01T00:00:00Z", "v": 1}, separators=(",", ":")).encode()
        with open(copy / "entries", "ab") as f:
            f.write(struct.pack("<I", len(forged)) + forged + hashlib.sha256(b"\0" + forged).digest())
        kit.scan(ledger=copy, label="signed scan after the crafted record")
        must_not_verify(ctx, kit, kit.verify("state-b", ledger=copy), "(B) crafted record then signed scan")


@attack("15c", "last records cut and an older checkpoint restored", "verify --key PUB does not say OK")
def ledger_rollback(ctx, sh):
    kit = LedgerKit(ctx, "15c")
    kit.scan()
    old = ctx.dir / "ledger-at-2"
    shutil.copytree(kit.ledger, old)
    kit.scan()
    kit.scan()
    ctx.near_miss(kit.ok(kit.verify("state")), "the full ledger does not verify")
    ctx.input_desc = (
        "3 signed scans, `ledger verify --key PUB` (OK), then (A) entries truncated to the size after scan 1 "
        "with that time's checkpoint/ and checkpoints/ restored, (B) the whole ledger directory restored from "
        "a copy taken after scan 1; `ledger verify --key PUB` by the same verifier"
    )
    size = (old / "entries").stat().st_size
    with open(kit.ledger / "entries", "r+b") as f:
        f.truncate(size)
    drop_checkpoints(kit.ledger)
    shutil.copytree(old / "checkpoints", kit.ledger / "checkpoints", dirs_exist_ok=True)
    shutil.copy2(old / "checkpoint", kit.ledger / "checkpoint")
    must_not_verify(ctx, kit, kit.verify("state"), "(A) cut and older checkpoint")
    shutil.rmtree(kit.ledger)
    shutil.copytree(old, kit.ledger)
    must_not_verify(ctx, kit, kit.verify("state"), "(B) directory restored")


@attack("15d", "ledger rebuilt by the binary without the key (same origin)", "verify --key PUB does not say OK")
def ledger_rebuilt(ctx, sh):
    kit = LedgerKit(ctx, "15d")
    kit.scan()
    kit.scan()
    ctx.near_miss(kit.ok(kit.verify("state-before")), "the untouched ledger does not verify")
    origin = json.loads((kit.ledger / "ledger.json").read_text()).get("origin", "")
    ctx.input_desc = (
        "2 signed scans; an attacker runs `ledger init --origin SAME` and 2 unsigned scans into a new directory "
        "and copies its entries over the real ones, deleting the checkpoints; `ledger verify --key PUB` (fresh verifier)"
    )
    fake = ctx.dir / "fake-ledger"
    ctx.run(["ledger", "init", "--ledger", fake, "--origin", origin], label="ledger init (attacker)")
    kit.scan(signed=False, ledger=fake, label="attacker scan 1")
    kit.scan(signed=False, ledger=fake, label="attacker scan 2")
    shutil.copy2(fake / "entries", kit.ledger / "entries")
    drop_checkpoints(kit.ledger)
    must_not_verify(ctx, kit, kit.verify("state-fresh"), "rebuilt log")


@attack("16a", "eight concurrent first scans into a new ledger", "ledger verify OK, nothing lost")
def ledger_concurrent(ctx, sh):
    kit = LedgerKit(ctx, "16a")
    ctx.input_desc = "8 trees, 8 `scan TREE_i --ledger NEW --signing-key KEY` started at once; `ledger verify --key PUB`"
    trees = []
    for i in range(8):
        t = ctx.dir / f"tree{i}"
        write(t / "a.txt", f"tree {i}\n")
        trees.append(t)
    results = [None] * 8
    barrier = threading.Barrier(8)

    def one(i):
        barrier.wait()
        results[i] = kit.scan(tree=trees[i], label=f"concurrent scan {i}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = [f"{i}: {r.short()} {r.first_error()}" for i, r in enumerate(results) if r is None or r.rc != 0]
    ctx.expect(not failed, f"scans failed: {failed[:3]}")
    v = kit.verify()
    ctx.expect(kit.ok(v) and v.rc == 0, f"verify after concurrent scans: {v.short()} {first_failed(v)}")
    n = kit.entries_count()
    ok_scans = sum(1 for r in results if r is not None and r.rc == 0)
    ctx.expect(n == 2 * ok_scans and n > 0, f"{n} entries for {ok_scans} successful scans (2 each expected)")
    ctx.note(f"{ok_scans}/8 scans ok, {n} entries, verify {v.short()}")


@attack("16b", "bit flip in the last record's length field", "verify fails; the next scan drops nothing silently")
def ledger_length_flip(ctx, sh):
    kit = LedgerKit(ctx, "16b")
    kit.scan()
    kit.scan()
    fmt, recs = parse_records(kit.ledger)
    last = recs[-1]
    field = last.offset + (8 if fmt.startswith("v2") else 0)
    data = bytearray((kit.ledger / "entries").read_bytes())
    # Flip a clear bit of the length's second byte: the record then claims ~4 KiB more
    # than the file holds and looks like a torn write.
    bit = next(b for b in (0x10, 0x20, 0x40, 0x80, 0x01, 0x02) if not data[field + 1] & b)
    data[field + 1] ^= bit
    (kit.ledger / "entries").write_bytes(bytes(data))
    ctx.input_desc = (
        f"2 signed scans ({fmt}, {len(recs)} records); bit 0x{bit:02x} of byte 1 of the last record's u32 LE length "
        f"flipped (file offset {field + 1}); `ledger verify --key PUB`; then another signed scan"
    )
    must_not_verify(ctx, kit, kit.verify("state"), "flipped length")
    s = kit.scan(label="signed scan after the flip")
    after = (kit.ledger / "entries").read_bytes()
    dropped = last.entry not in after
    if s.rc == 0:
        ctx.expect(not dropped, "the next scan exited 0 and cut the damaged (acknowledged) record off the log")
    ctx.note(f"next scan {s.short()} {s.first_error()}; last entry {'gone' if dropped else 'still present'}")
