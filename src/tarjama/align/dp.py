"""The search: a monotonic dynamic programme in a band, coarse to fine, and link posteriors.

A path goes from (0, 0) to (n, m) in steps of the link types of :data:`LINK_TYPES`; its
cost is the sum of its links' costs (:class:`tarjama.align.cost.LinkCost`). The full table
has (n+1)(m+1) cells, too many for 10,000 × 10,000 sentences, so the search is
coarse-to-fine, as in Vecalign (Thompson & Koehn 2019): pairs of sentences are merged into
one unit until the table is small, that is aligned in full, and each finer level searches
only a band of ``radius`` cells around the coarser path projected onto it. Where the best
path touches the edge of its band the band may have cut off a better one, so the radius
is doubled and the level searched again (Moore 2002 widens around the diagonal the same
way). Time and memory are O((n + m) · radius) per level and the levels halve in size.

Each cell keeps its best cost and the link that reached it, in compact arrays
(``array('d')`` and ``bytearray`` per row). On the finest level the search also keeps every
link cost of the band and the forward sums (a :class:`Lattice`); a backward pass then gives
each link of the best path its posterior probability (the share of all paths' probability
mass, ``exp(−cost)``, that goes through that link): the score the aligner reports.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

from tarjama.align.cost import LINK_TYPES, LinkCost

#: Tables up to this many cells are searched in full.
FULL_CELLS = 40_000
#: Initial half-width of the band around the projected coarse path, in sentences.
RADIUS = 4

INF = math.inf
#: Link costs kept per cell of the lattice: one per link type.
TYPES = len(LINK_TYPES)
#: A link as the search returns it: it ends at cell (i, j) and has type (a, b), so it
#: joins source sentences i-a .. i-1 and target sentences j-b .. j-1.
Step = tuple[int, int, int, int]


@dataclass
class Band:
    """Columns ``lo[i] .. hi[i]`` (inclusive) searched in row ``i``; both non-decreasing."""

    lo: list[int]
    hi: list[int]

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls([0] * (n + 1), [m] * (n + 1))

    def is_full(self, m: int) -> bool:
        return all(lo == 0 for lo in self.lo) and all(hi == m for hi in self.hi)

    def cells(self) -> int:
        return sum(hi - lo + 1 for lo, hi in zip(self.lo, self.hi, strict=True))


def search(
    cost: LinkCost, *, full_cells: int = FULL_CELLS, radius: int = RADIUS, keep: bool = True
) -> tuple[list[Step], Band, Lattice | None]:
    """The cheapest path, coarse to fine (see the module docstring), its final band and, with
    ``keep``, the finest level's :class:`Lattice` for :func:`posteriors`."""
    n, m = cost.n, cost.m
    if (n + 1) * (m + 1) <= full_cells or n < 2 or m < 2:
        band = Band.full(n, m)
        path, lattice = viterbi(cost, band, keep=keep)
        return path, band, lattice
    coarse, _, _ = search(cost.coarsened(), full_cells=full_cells, radius=radius, keep=False)
    guide = [(min(2 * i, n), min(2 * j, m)) for i, j, _, _ in coarse]
    return banded_search(cost, [(0, 0), *guide], radius, keep=keep)


def banded_search(
    cost: LinkCost, guide: list[tuple[int, int]], radius: int, *, keep: bool = True
) -> tuple[list[Step], Band, Lattice | None]:
    """Search around the cells of ``guide``, widening until the path stays inside the band."""
    n, m = cost.n, cost.m
    while True:
        band = band_around(guide, n, m, radius)
        path, lattice = viterbi(cost, band, keep=keep)
        if band.is_full(m) or not touches_edge(path, band, m):
            return path, band, lattice
        radius *= 2


def band_around(guide: list[tuple[int, int]], n: int, m: int, radius: int) -> Band:
    """Rows and columns within ``radius`` of the cells a monotonic path through ``guide``
    (from (0, 0) to (n, m)) crosses."""
    row_min = [m] * (n + 1)
    row_max = [0] * (n + 1)
    for (i0, j0), (i1, j1) in zip(guide, guide[1:], strict=False):
        for i in range(i0, i1 + 1):
            row_min[i] = min(row_min[i], j0)
            row_max[i] = max(row_max[i], j1)
    row_min[0], row_max[n] = 0, m
    # A monotonic path's first and last columns never decrease from row to row, so the
    # extremes over rows i-radius .. i+radius are at the window's ends.
    lo = [max(0, row_min[max(0, i - radius)] - radius) for i in range(n + 1)]
    hi = [min(m, row_max[min(n, i + radius)] + radius) for i in range(n + 1)]
    for i in range(1, n + 1):  # non-decreasing, so that every cell stays reachable
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    lo[0], hi[n] = 0, m
    return Band(lo, hi)


def touches_edge(path: list[Step], band: Band, m: int) -> bool:
    """Whether a cell of ``path`` lies on an edge of ``band`` that is not the table's edge."""
    for i, j, _, _ in path:
        lo, hi = band.lo[i], band.hi[i]
        if (j == lo and lo > 0) or (j == hi and hi < m):
            return True
    return False


@dataclass
class Lattice:
    """What the finest search keeps for the posteriors: every link cost in the band (one per
    link type and cell, in :data:`LINK_TYPES` order, INF where a link does not fit) and the
    forward sums."""

    costs: list[array]
    forward: list[array]


def viterbi(cost: LinkCost, band: Band, *, keep: bool = False) -> tuple[list[Step], Lattice | None]:
    """The cheapest path from (0, 0) to (n, m) through ``band``.

    With ``keep``, also the link costs and the forward sums ``−log Σ exp(−cost)`` over all
    paths from (0, 0) to each cell, for :func:`posteriors`.
    """
    n = cost.n
    lo, hi = band.lo, band.hi
    best: list[array] = []
    back: list[bytearray] = []
    costs: list[array] = []
    sums: list[array] = []
    types = list(enumerate(LINK_TYPES))
    exp, log = math.exp, math.log
    for i in range(n + 1):
        row_lo, width = lo[i], hi[i] - lo[i] + 1
        row = array("d", [INF]) * width
        came = bytearray(width)
        if keep:
            row_costs = array("d", [INF]) * (TYPES * width)
            row_sums = array("d", [INF]) * width
        if i == 0 and row_lo == 0:
            row[0] = 0.0
            if keep:
                row_sums[0] = 0.0
        for k in range(width):
            j = row_lo + k
            value = row[k]
            choice = 0
            terms = []
            for t, (a, b) in types:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    if pj < row_lo:
                        continue
                    previous = row[pj - row_lo]
                    previous_sum = row_sums[pj - row_lo] if keep else 0.0
                else:
                    plo = lo[pi]
                    if pj < plo or pj > hi[pi]:
                        continue
                    previous = best[pi][pj - plo]
                    previous_sum = sums[pi][pj - plo] if keep else 0.0
                if previous == INF:
                    continue
                link = cost(i, j, a, b)
                total = previous + link
                if total < value:
                    value, choice = total, t
                if keep:
                    row_costs[TYPES * k + t] = link
                    terms.append(previous_sum + link)
            row[k], came[k] = value, choice
            if terms:
                least = min(terms)
                row_sums[k] = least - log(sum(exp(least - x) for x in terms))
        best.append(row)
        back.append(came)
        if keep:
            costs.append(row_costs)
            sums.append(row_sums)
    path = _trace(back, band, n, cost.m)
    return path, Lattice(costs, sums) if keep else None


def _trace(back: list[bytearray], band: Band, n: int, m: int) -> list[Step]:
    path: list[Step] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = LINK_TYPES[back[i][j - band.lo[i]]]
        path.append((i, j, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def posteriors(lattice: Lattice, band: Band, path: list[Step]) -> list[float]:
    """For each link of ``path``, the probability mass of all paths in ``band`` through it.

    Forward and backward sums of ``exp(−cost)`` over the band, in log space; the posterior
    of a link from cell p to cell q is ``exp(−(F[p] + cost + B[q] − F[n, m]))``.
    """
    lo, hi = band.lo, band.hi
    n = len(lo) - 1
    m = hi[n]
    forward, costs = lattice.forward, lattice.costs
    backward = _backward(costs, lo, hi, n, m)
    total = forward[n][m - lo[n]]
    scores = []
    for i, j, a, b in path:
        pi, pj = i - a, j - b
        link = costs[i][TYPES * (j - lo[i]) + LINK_TYPES.index((a, b))]
        mass = forward[pi][pj - lo[pi]] + link + backward[i][j - lo[i]]
        scores.append(min(1.0, math.exp(total - mass)))
    return scores


def _backward(costs: list[array], lo: list[int], hi: list[int], n: int, m: int) -> list[array]:
    """``−log Σ exp(−cost)`` over the paths from each cell to (n, m)."""
    table: list[array] = [array("d", [INF]) * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    table[n][m - lo[n]] = 0.0
    types = list(enumerate(LINK_TYPES))
    exp, log = math.exp, math.log
    for i in range(n, -1, -1):
        row, row_lo = table[i], lo[i]
        for j in range(hi[i], row_lo - 1, -1):
            terms = []
            for t, (a, b) in types:
                qi, qj = i + a, j + b
                if qi > n or qj < lo[qi] or qj > hi[qi]:
                    continue
                following = table[qi][qj - lo[qi]]
                if following == INF:
                    continue
                link = costs[qi][TYPES * (qj - lo[qi]) + t]
                if link != INF:
                    terms.append(following + link)
            if terms:
                least = min(terms)
                row[j - row_lo] = least - log(sum(exp(least - x) for x in terms))
    return table
