"""RoomStore: every read and write of seminar rooms, with the access rules built in.

The store is split by concern, one module each, behind this one class:

* ``_rooms``: creating rooms, rounds, reveal, lock/close, participant cap, screen token;
* ``_participants``: joining (with the join limits) and removing participants;
* ``_submissions``: participants' weights, reasons and assessments;
* ``_reading``: participant, facilitator and screen views, history, convergence;
* ``_packs``: uploaded case packs (with a storage quota);
* ``_base``: sessions, database faults as friendly errors, access checks.

Who may do what
---------------
* The **facilitator secret** (returned once by :meth:`RoomStore.create_room`) is needed for
  every facilitator action and for the facilitator's view and history.
* A **participant token** (returned once by :meth:`RoomStore.join`) is the only way to
  submit and to see a participant's view; a submission always belongs to the token's
  holder, so no one can submit as someone else. A removed participant's token stops working.
* A **screen token** (made by :meth:`RoomStore.create_screen_token`) only reads
  :meth:`RoomStore.screen_view`: counts, the round, and results once revealed, no names.
* A participant sees others' weights only as the facilitator allows: nothing before the
  reveal, then the aggregate, and individual submissions only in a room created with
  ``show_individual=True``.
* ``open`` rooms accept joins and submissions; ``locked`` rooms accept no joins but
  still take joined participants' submissions; ``closed`` rooms accept nothing.

Transactions
------------
Every public write runs in one transaction: it happens completely or not at all, and an
:class:`~seminar.InvalidInput` means nothing was written. Writes on SQLite begin with
``BEGIN IMMEDIATE`` (one writer at a time); on PostgreSQL a submission or join locks its
room's row (so revision numbers never collide, a round cannot close half-way through a
submission and the participant cap holds). A database fault becomes
:class:`~seminar.StoreUnavailable` (plain message, nothing written, safe to retry).
"""

from __future__ import annotations

from ._base import Aggregate, StoreBase
from ._packs import PacksMixin
from ._participants import ParticipantsMixin
from ._reading import OptionRanks, ReadingMixin
from ._rooms import BUNDLED_PACK, DEFAULT_MAX_PARTICIPANTS, RoomsMixin
from ._submissions import SubmissionsMixin

__all__ = ["BUNDLED_PACK", "DEFAULT_MAX_PARTICIPANTS", "Aggregate", "OptionRanks", "RoomStore"]


class RoomStore(RoomsMixin, ParticipantsMixin, SubmissionsMixin, ReadingMixin, PacksMixin, StoreBase):
    """Seminar rooms in one database; safe to share between threads and app servers.

    Use :func:`seminar.open_store` to make one. Each method opens its own session, so
    one ``RoomStore`` per process is enough (a Streamlit app keeps it in
    ``st.cache_resource``: it holds no room data, only the connection pool and small
    caches keyed by content hash or change counter).
    """

    def __enter__(self) -> RoomStore:
        return self
