"""The typed result of ranking a matrix with one method."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["RankingResult"]


@dataclass(frozen=True, eq=False)
class RankingResult:
    """Scores, ranks and the intermediate tables of one ranking ("show your work").

    Attributes
    ----------
    method : str
        'wsm', 'wpm', 'topsis' or 'promethee'.
    option_ids, option_names : tuple of str
        In matrix order (not sorted); see :attr:`order` for best first.
    criterion_ids : tuple of str
    scores : ndarray, shape (n,)
        Higher is better for every method.
    ranks : ndarray of int, shape (n,)
        Competition ranks: tied scores share a rank ("1224").
    contributions : ndarray, shape (n, m)
        Each criterion's part of the score. For 'wsm' they add up to the score; for the
        other methods see ``notes`` (wpm: w·ln r, adding up to ln score; topsis: squared
        distance to the anti-ideal minus squared distance to the ideal; promethee: the
        weighted single-criterion net flows, adding up to the net flow).
    steps : dict of str to DataFrame
        Intermediate tables in the order the method computes them.
    weights : ndarray, shape (m,)
        The normalised weights used (sum 1).
    notes : list of str
        How the method treated this matrix (normalisation, cost criteria, special cases).
    """

    method: str
    option_ids: tuple[str, ...]
    option_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    scores: np.ndarray
    ranks: np.ndarray
    contributions: np.ndarray
    steps: dict[str, pd.DataFrame]
    weights: np.ndarray
    notes: list[str] = field(default_factory=list)

    @property
    def order(self) -> list[str]:
        """Option ids from best to worst (ties in matrix order)."""
        positions = np.lexsort((np.arange(len(self.ranks)), self.ranks))
        return [self.option_ids[i] for i in positions]

    @property
    def top(self) -> str:
        """Id of the first option (the first in matrix order when several tie)."""
        return self.order[0]

    def table(self) -> pd.DataFrame:
        """Rank, option id, name, score and one contribution column per criterion, best first."""
        frame = pd.DataFrame(
            {"rank": self.ranks, "option": self.option_ids, "name": self.option_names, "score": self.scores}
        )
        contributions = pd.DataFrame(self.contributions, columns=list(self.criterion_ids))
        frame = pd.concat([frame, contributions], axis=1)
        index = [self.option_ids.index(o) for o in self.order]
        return frame.iloc[index].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: method, weights, notes and one entry per option, best first."""
        rows = []
        for option_id in self.order:
            i = self.option_ids.index(option_id)
            rows.append(
                {
                    "rank": int(self.ranks[i]),
                    "option": option_id,
                    "name": self.option_names[i],
                    "score": float(self.scores[i]),
                    "contributions": {
                        c: float(self.contributions[i, j]) for j, c in enumerate(self.criterion_ids)
                    },
                }
            )
        return {
            "method": self.method,
            "weights": {c: float(w) for c, w in zip(self.criterion_ids, self.weights, strict=True)},
            "notes": list(self.notes),
            "ranking": rows,
        }
