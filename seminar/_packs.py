"""Uploaded case packs, kept in the database so every app server can load any room's pack.

Stored packs are checked once, when uploaded, by the pack loader and its upload limits
(file sizes, counts); a stored pack is reloaded from its JSON with :meth:`load_pack`
(pydantic validation of the JSON, no upload limits: the 2 MB single-file limit is for
what people upload, not for what the store itself wrote). Storage has a quota
(``LADDER_PACK_QUOTA_CHARS``, default 200 million characters, about 200 MB); when a new
pack does not fit, packs no room uses and older than an hour are dropped first, oldest
first, and only then is the upload refused with :class:`~seminar.StorageFull`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ._base import StoreBase
from ._errors import InvalidInput, NotFound, StorageFull
from ._tables import Pack, Room
from ._validation import MAX_PACK_CHARS

if TYPE_CHECKING:
    import schema

PACK_QUOTA_ENV_VAR = "LADDER_PACK_QUOTA_CHARS"
DEFAULT_PACK_QUOTA_CHARS = 200_000_000
UNUSED_PACK_GRACE = timedelta(hours=1)
"""An uploaded pack no room uses yet is kept at least this long (upload, then create)."""
_LOADED_PACKS = 16


def pack_quota_chars() -> int:
    raw = os.environ.get(PACK_QUOTA_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_PACK_QUOTA_CHARS
    try:
        return max(0, int(raw))
    except ValueError:
        raise ValueError(f"{PACK_QUOTA_ENV_VAR}={raw!r} is not a whole number of characters") from None


class PacksMixin(StoreBase):
    """Saving and loading uploaded packs."""

    pack_quota_chars: int

    def _init_caches(self) -> None:
        super()._init_caches()
        self.pack_quota_chars = pack_quota_chars()
        self._loaded_packs: OrderedDict[str, schema.Pack] = OrderedDict()
        self._loaded_packs_lock = threading.Lock()

    def save_pack(self, pack_json: str) -> str:
        """Keep an uploaded case pack (JSON text); return its ``pack_ref`` (SHA-256 hex).

        Saving the same text twice returns the same reference. The store checks only that
        the text is a JSON object of bounded size (:data:`~seminar._validation.MAX_PACK_CHARS`);
        checking it is a valid pack is the pack loader's job, before saving.

        Raises
        ------
        InvalidInput
            Not JSON text, not an object, or larger than the per-pack bound.
        StorageFull
            The pack quota is used up even after dropping old unused packs.
        """
        if not isinstance(pack_json, str):
            raise InvalidInput(f"pack: expected JSON text, got {type(pack_json).__name__}")
        if len(pack_json) > MAX_PACK_CHARS:
            raise InvalidInput(
                f"pack: {len(pack_json):,} characters is too large; use at most {MAX_PACK_CHARS:,}"
            )
        try:
            parsed = json.loads(pack_json)
        except ValueError as error:
            raise InvalidInput(f"pack: not valid JSON ({error})") from None
        if not isinstance(parsed, dict):
            raise InvalidInput("pack: expected a JSON object with info, criteria, options, ...")
        pack_ref = hashlib.sha256(pack_json.encode("utf-8")).hexdigest()
        try:
            with self._write() as session:
                if session.get(Pack, pack_ref) is None:
                    self._make_room_for(session, len(pack_json))
                    session.add(Pack(hash=pack_ref, content=pack_json, created_at=self._now()))
        except IntegrityError:
            pass  # another server saved the same pack at the same moment
        return pack_ref

    def _make_room_for(self, session: Session, size: int) -> None:
        """Drop old packs no room uses until ``size`` more characters fit, or refuse."""
        quota = self.pack_quota_chars

        def used() -> int:
            return int(session.scalar(select(func.coalesce(func.sum(func.length(Pack.content)), 0))) or 0)

        if used() + size <= quota:
            return
        in_use = select(Room.pack_ref)
        droppable = session.execute(
            select(Pack.hash, func.length(Pack.content))
            .where(Pack.hash.not_in(in_use), Pack.created_at < self._now() - UNUSED_PACK_GRACE)
            .order_by(Pack.created_at)
        ).all()
        total = used()
        for pack_hash, length in droppable:
            if total + size <= quota:
                break
            session.execute(delete(Pack).where(Pack.hash == pack_hash))
            total -= int(length)
        if total + size > quota:
            raise StorageFull(
                "the server's space for uploaded case packs is full, so this pack was not saved: "
                "use the bundled pack, or ask the server's operator to close old rooms or raise "
                f"{PACK_QUOTA_ENV_VAR}"
            )

    def load_pack_json(self, pack_ref: str) -> str:
        """The JSON text of an uploaded pack saved with :meth:`save_pack`."""
        with self._read() as session:
            pack = session.get(Pack, pack_ref) if isinstance(pack_ref, str) else None
            if pack is None:
                raise NotFound(f"no uploaded case pack has the reference {str(pack_ref)[:80]!r}")
            return pack.content

    def load_pack(self, pack_ref: str) -> schema.Pack:
        """An uploaded pack as a :class:`schema.Pack`, validated from its stored JSON.

        No upload limit applies (the store wrote this JSON itself). Packs are kept in a small
        per-process cache by reference (a reference is a content hash, so it never goes
        stale); the returned object is shared: do not modify it (``model_copy`` first).

        Raises
        ------
        NotFound
            No pack has this reference.
        InvalidInput
            The stored JSON is not a valid pack for this version of Options Ladder.
        """
        with self._loaded_packs_lock:
            cached = self._loaded_packs.get(pack_ref) if isinstance(pack_ref, str) else None
            if cached is not None:
                self._loaded_packs.move_to_end(pack_ref)
                return cached
        content = self.load_pack_json(pack_ref)
        import pydantic

        import schema

        try:
            pack = schema.Pack.model_validate_json(content)
        except pydantic.ValidationError as error:
            raise InvalidInput(
                f"the room's case pack can no longer be read by this version of Options Ladder "
                f"({error.error_count()} problem(s), first: {error.errors()[0]['msg']})"
            ) from None
        with self._loaded_packs_lock:
            self._loaded_packs[pack_ref] = pack
            while len(self._loaded_packs) > _LOADED_PACKS:
                self._loaded_packs.popitem(last=False)
        return pack
