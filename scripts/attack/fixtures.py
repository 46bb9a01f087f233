"""Inputs: secrets that look real, OSV records, lockfiles, zips (including a zip bomb)
and git repositories."""

from __future__ import annotations

import json
import random
import string
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

ALNUM = string.ascii_letters + string.digits
RNG = random.Random()


def seed(value: int) -> None:
    RNG.seed(value)


def rand(n: int, alphabet: str = ALNUM) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def aws_key_id() -> str:
    return "AKIA" + rand(16, string.ascii_uppercase + "234567")


def aws_secret() -> str:
    return rand(40)


def github_pat() -> str:
    return "ghp_" + rand(36)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


# --- OSV -------------------------------------------------------------------------------


def osv(
    id: str,
    ecosystem: str,
    name: str,
    introduced: str,
    fixed: str,
    aliases: tuple[str, ...] = (),
) -> dict:
    return {
        "schema_version": "1.6.0",
        "id": id,
        "modified": "2024-05-01T00:00:00Z",
        "published": "2024-01-01T00:00:00Z",
        "aliases": list(aliases),
        "summary": f"Attack-suite advisory for {name}",
        "severity": [
            {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}
        ],
        "affected": [
            {
                "package": {"ecosystem": ecosystem, "name": name},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [{"introduced": introduced}, {"fixed": fixed}],
                    }
                ],
            }
        ],
    }


LOG4SHELL = "GHSA-jfh8-c2jp-5v3q"
RACK_ID = "GHSA-atk1-rack-0001"
NEWTONSOFT_ID = "GHSA-5crp-9r3c-p9vr"
GUZZLE_ID = "GHSA-atk3-guzz-0003"
REQUESTS_ID = "GHSA-x84v-xcm2-53pg"
LODASH_ID = "GHSA-atk4-loda-0004"


def core_records(maven_fillers: int = 30) -> list[dict]:
    """One advisory per attacked ecosystem, and filler Maven packages on both sides of
    log4j-core in name order, so cutting the index loses it among many."""
    recs = [
        osv(LOG4SHELL, "Maven", "org.apache.logging.log4j:log4j-core", "2.13.0", "2.15.0",
            ("CVE-2021-44228",)),
        osv(RACK_ID, "RubyGems", "rack", "0", "2.2.6"),
        osv(NEWTONSOFT_ID, "NuGet", "Newtonsoft.Json", "0", "13.0.1", ("CVE-2024-21907",)),
        osv(GUZZLE_ID, "Packagist", "guzzlehttp/guzzle", "7.0.0", "7.4.5"),
        osv(REQUESTS_ID, "PyPI", "requests", "0", "2.20.0", ("CVE-2018-18074",)),
        osv(LODASH_ID, "npm", "lodash", "0", "4.17.21"),
    ]
    for i in range(maven_fillers):
        recs.append(osv(f"ATTACK-FILL-A{i:03}", "Maven", f"com.filler.a{i:03}:lib", "0", "1.0.1"))
    for i in range(3):
        recs.append(osv(f"ATTACK-FILL-Z{i:03}", "Maven", f"zz.filler.z{i:03}:lib", "0", "1.0.1"))
    # PyPI is matched today; the damaged-store attacks use it, with requests in the middle.
    for i in range(maven_fillers):
        recs.append(osv(f"ATTACK-PYFILL-A{i:03}", "PyPI", f"filler-a{i:03}", "0", "1.0.1"))
    for i in range(3):
        recs.append(osv(f"ATTACK-PYFILL-Z{i:03}", "PyPI", f"zz-filler-{i:03}", "0", "1.0.1"))
    return recs


def osv_dir(path: Path, records: list[dict]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for r in records:
        (path / f"{r['id']}.json").write_text(json.dumps(r, indent=1))
    return path


def osv_zip(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for r in records:
            z.writestr(f"{r['id']}.json", json.dumps(r))
    return path


def zip_bomb(path: Path, inflated: int = (4 << 30) + (16 << 20)) -> Path:
    """A zip with one honest Zip64 entry, `bomb.json`, that inflates to `inflated` bytes of
    zeros. The deflate stream is one fully flushed piece repeated (no back-references across
    pieces), so it is built in seconds and weighs a few MiB."""
    chunk = 16 << 20
    assert inflated % chunk == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c.compress(b"\0" * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    count = inflated // chunk
    crc = 0
    zeros = b"\0" * chunk
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    compressed = len(piece) * count + len(end)
    name = b"bomb.json"
    dos_time, dos_date = 0, (44 << 9) | (1 << 5) | 1
    zip64_local = struct.pack("<HHQQ", 1, 16, inflated, compressed)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, dos_time, dos_date, crc,
        0xFFFFFFFF, 0xFFFFFFFF, len(name), len(zip64_local),
    ) + name + zip64_local
    central_extra = struct.pack("<HHQQ", 1, 16, inflated, compressed)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, dos_time, dos_date, crc,
        0xFFFFFFFF, 0xFFFFFFFF, len(name), len(central_extra), 0, 0, 0, 0, 0,
    ) + name + central_extra
    with open(path, "wb") as f:
        f.write(local)
        for _ in range(count):
            f.write(piece)
        f.write(end)
        cd_offset = f.tell()
        f.write(central)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), cd_offset, 0))
    return path


# --- lockfiles ---------------------------------------------------------------------------


def pom(version: str, extra: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
{extra}  <groupId>com.bank.example</groupId>
  <artifactId>payments</artifactId>
  <version>1.0.0</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


def gemfile_lock(version: str) -> str:
    return f"""GEM
  remote: https://rubygems.org/
  specs:
    rack ({version})

PLATFORMS
  ruby

DEPENDENCIES
  rack

BUNDLED WITH
   2.4.10
"""


def nuget_lock(version: str) -> str:
    return json.dumps(
        {
            "version": 1,
            "dependencies": {
                "net8.0": {
                    "Newtonsoft.Json": {
                        "type": "Direct",
                        "requested": f"[{version}, )",
                        "resolved": version,
                        "contentHash": "AAAA",
                    }
                }
            },
        },
        indent=2,
    ) + "\n"


def composer_lock(version: str) -> str:
    return json.dumps(
        {
            "_readme": ["This file locks the dependencies of your project"],
            "content-hash": "0" * 32,
            "packages": [
                {"name": "guzzlehttp/guzzle", "version": version, "type": "library",
                 "license": ["MIT"]}
            ],
            "packages-dev": [],
        },
        indent=4,
    ) + "\n"


def yarn_lock(version: str = "4.17.20") -> str:
    return f"""# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


lodash@^4.17.0:
  version "{version}"
  resolved "https://registry.yarnpkg.com/lodash/-/lodash-{version}.tgz"
  integrity sha512-AAAA
"""


def pnpm_lock(version: str = "4.17.20") -> str:
    return f"""lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:
  .:
    dependencies:
      lodash:
        specifier: ^4.17.0
        version: {version}

packages:
  lodash@{version}:
    resolution: {{integrity: sha512-AAAA}}

snapshots:
  lodash@{version}: {{}}
"""


def bun_lock(version: str = "4.17.20") -> str:
    return (
        '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "app",\n'
        '      "dependencies": {\n        "lodash": "^4.17.0",\n      },\n    },\n  },\n'
        f'  "packages": {{\n    "lodash": ["lodash@{version}", "", {{}}, "sha512-AAAA"],\n  }}\n}}\n'
    )


def package_json() -> str:
    return json.dumps(
        {"name": "app", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}}, indent=2
    ) + "\n"


def package_lock(version: str = "4.17.20") -> str:
    return json.dumps(
        {
            "name": "app",
            "version": "1.0.0",
            "lockfileVersion": 3,
            "requires": True,
            "packages": {
                "": {"name": "app", "version": "1.0.0", "dependencies": {"lodash": "^4.17.0"}},
                "node_modules/lodash": {
                    "version": version,
                    "resolved": f"https://registry.npmjs.org/lodash/-/lodash-{version}.tgz",
                    "integrity": "sha512-AAAA",
                },
            },
        },
        indent=2,
    ) + "\n"


def gradle_build() -> str:
    return """plugins { id 'java' }
repositories { mavenCentral() }
dependencies {
    implementation 'org.apache.logging.log4j:log4j-core:2.14.0'
}
"""


def gradle_lockfile(version: str) -> str:
    return (
        "# This is a Gradle generated file for dependency locking.\n"
        f"org.apache.logging.log4j:log4j-core:{version}=compileClasspath,runtimeClasspath\n"
        "empty=annotationProcessor\n"
    )


# --- git ------------------------------------------------------------------------------------


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, timeout=60
    )


def git_repo(repo: Path, env: dict[str, str], commits: list[dict[str, bytes | str]]) -> Path:
    """A repository with one commit per dict of path -> content."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", env=env)
    for i, files in enumerate(commits):
        for rel, data in files.items():
            write(repo / rel, data)
        git(repo, "add", "-A", env=env)
        git(repo, "commit", "-q", "-m", f"commit {i}", env=env)
    return repo
