"""A private, throw-away PostgreSQL server for tests and benchmarks.

Nothing here depends on a system service: the cluster is created with ``initdb`` in a
temporary folder, listens only on a unix socket inside that folder (on a free port
number), and is stopped and deleted afterwards. As root, ``initdb``/``pg_ctl`` run as the
``postgres`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

POSTGRES_MISSING = ("PostgreSQL server binaries (initdb, pg_ctl)", "apt-get install -y postgresql")

# Fast and safe for a throw-away test cluster; benchmarks keep durability on.
TEST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def find_postgres_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl, or one on PATH."""
    candidates = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda bindir: int(bindir.parent.name) if bindir.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in candidates:
        if (bindir / "pg_ctl").is_file():
            return bindir
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    bindir: Path
    root: Path
    port: int = field(default_factory=_free_port)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise RuntimeError(
                f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}"
            )

    def start(self, settings: dict[str, str] | None = None) -> None:
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        options = {"listen_addresses": "''", "max_connections": "300", **(settings or {})}
        server_args = f"-p {self.port} -k {self.socket_dir} " + " ".join(
            f"-c {name}={value}" for name, value in options.items()
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            server_args,
            "start",
        )

    def stop(self) -> None:
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        import psycopg

        name = name or f"ladder_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_cluster(settings: dict[str, str] | None = None) -> PostgresCluster:
    """Start a private cluster; raise ``FileNotFoundError`` if PostgreSQL is not installed."""
    bindir = find_postgres_bindir()
    if bindir is None:
        raise FileNotFoundError(" is missing: ".join(POSTGRES_MISSING))
    cluster = PostgresCluster(bindir=bindir, root=Path(tempfile.mkdtemp(prefix="ladder-pg-")))
    try:
        cluster.start(settings)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextmanager
def running_cluster(settings: dict[str, str] | None = TEST_SETTINGS) -> Iterator[PostgresCluster]:
    """A private cluster for the length of a ``with`` block; a missing server fails (CI) or skips."""
    from tests._deps import missing

    try:
        cluster = start_cluster(settings)
    except FileNotFoundError:
        missing(*POSTGRES_MISSING)
        raise  # unreachable: missing() fails or skips
    try:
        yield cluster
    finally:
        cluster.stop()
