"""`ladder`: validate, show and rank case packs from the command line.

Every error a user can cause ends with exit status 1 and a message saying what to fix,
never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from schema import PackError

from . import engine_commands, facts_commands, pack_commands

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ladder",
        description="Options Ladder: validate, show and rank case packs of policy options.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    pack_commands.add_commands(sub)
    engine_commands.add_commands(sub)
    facts_commands.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `ladder show | head`: the reader has what it wanted; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second complaint when Python flushes stdout at exit
        return 0
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} problem{'' if n == 1 else 's'}: the pack is not valid", file=sys.stderr)
        return 1
    except (ValueError, OSError) as exc:  # EngineError is a ValueError; files that cannot be read
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
