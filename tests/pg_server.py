"""A throw-away PostgreSQL server for the storage tests: its own folder, port and socket.

Started once per test session when PostgreSQL's programs are installed (Debian puts them in
/usr/lib/postgresql/<version>/bin). As root, the server runs as the `postgres` user because
PostgreSQL refuses to run as root. With WORKBENCH_REQUIRE_POSTGRES=1 (CI) a server that cannot
start fails the run instead of skipping the PostgreSQL half of the tests.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PgServer:
    folder: Path
    port: int
    bin_dir: Path
    user: str = "workbench"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"


def find_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def start() -> PgServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb found)")
    folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    server = PgServer(folder, _free_port(), bin_dir)
    run = dict(check=True, capture_output=True, text=True)
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", server.user,
                                    "--auth=trust", "-E", "UTF8", "--locale=C"]), **run)
    options = f"-p {server.port} -k {folder} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                                    "-l", str(folder / "server.log"), "start"]), **run)
    return server


def stop(server: PgServer) -> None:
    subprocess.run(_as_server_user([str(server.bin_dir / "pg_ctl"), "-D", str(server.folder / "data"),
                                    "-m", "immediate", "stop"]), capture_output=True)
    shutil.rmtree(server.folder, ignore_errors=True)
