"""`make seminar`: serve the app to a room's own laptops and phones, and say which address they use.

Binds all interfaces (``--server.address 0.0.0.0``), unlike ``make run`` (loopback only). The
address participants use is ``$LADDER_PUBLIC_URL`` when set (a reverse proxy with TLS, a school's
domain), else this machine's address on its local network; the app builds every link and QR code
from it (``LADDER_PUBLIC_URL`` is passed on to the server). No Streamlit import here.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent


def lan_address() -> str:
    """This machine's address on the network its default route uses (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect only picks the outgoing interface
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make seminar", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8501")))
    args = parser.parse_args(argv)
    configured = os.environ.get("LADDER_PUBLIC_URL", "").strip().rstrip("/")
    public = configured or f"http://{lan_address()}:{args.port}"
    reach = (f"  Participants reach it through {configured}, which must forward to port {args.port} here.\n"
             "  (Streamlit's own lines below name this server's scheme and port, not the address above.)"
             if configured else "  Everyone must be on the same network; a firewall must allow the port.")
    print(f"Options Ladder seminar server on all interfaces, port {args.port}.\n"
          f"  Participants open: {public}/join  (or scan the QR code on the facilitator's screen)\n"
          f"  Facilitator opens: {public}/facilitate  (on this machine also http://localhost:{args.port}/facilitate)\n"
          + reach, flush=True)
    os.environ["LADDER_PUBLIC_URL"] = public
    cmd = [sys.executable, "-m", "ui.serve", "--server.address", "0.0.0.0",  # `make run`'s server, on all interfaces
           "--server.port", str(args.port), "--server.headless", "true",
           # Naming the address people use stops Streamlit asking an outside service for this
           # machine's public IP (no outside requests, as on `make run`).
           "--browser.serverAddress", urlsplit(public).hostname or "localhost"]
    os.chdir(REPO)
    os.execv(sys.executable, cmd)


if __name__ == "__main__":
    main()
