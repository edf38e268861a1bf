"""Constraint tracking for constrained beam search, as tensors over a whole batch.

Each text's constraints are merged into one trie of token sequences (every alternative
of every constraint), so that disjunctive alternatives and constraints sharing a prefix
("New York", "New Jersey") are followed together. A hypothesis carries which constraints
it has met and one trie node: its root when no constraint is in progress, otherwise the
node its last tokens reached. Nodes of all texts share one numbering, so that every step
is a handful of gathers over ``[texts, candidates, ...]`` tensors, never a Python loop
over hypotheses or the vocabulary.

torch is imported by the functions that need it, never at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

#: "Not reachable from this node" in the remaining-token table.
_FAR = 1 << 20


@dataclass(frozen=True)
class TokenConstraint:
    """A term as the decoder sees it: token sequences, any one of which places it."""

    alternatives: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if not self.alternatives or not all(self.alternatives):
            raise ValueError("a token constraint needs at least one non-empty alternative")

    @property
    def shortest(self) -> int:
        return min(len(tokens) for tokens in self.alternatives)

    @property
    def longest(self) -> int:
        return max(len(tokens) for tokens in self.alternatives)


class _Node:
    __slots__ = ("children", "depth", "ends", "index")

    def __init__(self, index: int, depth: int):
        self.index = index
        self.depth = depth
        self.children: dict[int, _Node] = {}
        self.ends: list[int] = []  # constraints (local indices) that an alternative ends here


@dataclass
class Advance:
    """Where each candidate's hypothesis stands after its token (all ``[texts, candidates]``)."""

    node: torch.Tensor
    met: torch.Tensor  # [texts, candidates, constraints]
    bank: torch.Tensor  # constraint tokens met: a met constraint counts its longest alternative
    need: torch.Tensor  # fewest tokens that can still place every unmet constraint
    complete: torch.Tensor  # every constraint met
    placed: torch.Tensor  # how many constraints are met


class ConstraintTables:
    """The tries of a batch's constraints, as tensors on ``device``.

    ``constraints[b]`` lists the constraints of text ``b`` (possibly none). Constraint
    columns beyond a text's own count are padding: always met, weightless.
    """

    def __init__(self, constraints: Sequence[Sequence[TokenConstraint]], device: Any = "cpu"):
        import torch

        self.size = max((len(c) for c in constraints), default=0)
        width = max(self.size, 1)
        nodes: list[_Node] = [_Node(0, 0)]  # node 0: a dead end, the target of padding
        roots: list[_Node] = []
        owner: list[int] = [0]  # text of each node
        for text, text_constraints in enumerate(constraints):
            root = _Node(len(nodes), 0)
            nodes.append(root)
            owner.append(text)
            roots.append(root)
            for index, constraint in enumerate(text_constraints):
                for tokens in constraint.alternatives:
                    node = root
                    for token in tokens:
                        child = node.children.get(token)
                        if child is None:
                            child = _Node(len(nodes), node.depth + 1)
                            nodes.append(child)
                            owner.append(text)
                            node.children[token] = child
                        node = child
                    if index not in node.ends:
                        node.ends.append(index)

        fan_out = max(1, max(len(node.children) for node in nodes))
        count = len(nodes)
        child_tokens = [[-1] * fan_out for _ in range(count)]
        child_nodes = [[0] * fan_out for _ in range(count)]
        ends = [[False] * width for _ in range(count)]
        below = [[False] * width for _ in range(count)]  # an alternative ends strictly below
        remaining = [[_FAR] * width for _ in range(count)]
        for node in reversed(nodes):  # children are numbered after their parents
            for slot, (token, child) in enumerate(node.children.items()):
                child_tokens[node.index][slot] = token
                child_nodes[node.index][slot] = child.index
                for c in range(width):
                    below[node.index][c] |= ends[child.index][c] or below[child.index][c]
                    remaining[node.index][c] = min(
                        remaining[node.index][c], remaining[child.index][c] + 1
                    )
            for c in node.ends:
                ends[node.index][c] = True
                remaining[node.index][c] = 0

        shortest = [[0] * width for _ in constraints]
        longest = [[0] * width for _ in constraints]
        real = [[False] * width for _ in constraints]
        for text, text_constraints in enumerate(constraints):
            for index, constraint in enumerate(text_constraints):
                shortest[text][index] = constraint.shortest
                longest[text][index] = constraint.longest
                real[text][index] = True

        def tensor(data: Any, dtype: Any) -> torch.Tensor:
            return torch.tensor(data, dtype=dtype, device=device)

        self.child_tokens = tensor(child_tokens, torch.long)  # [nodes, fan_out], -1 = none
        self.child_nodes = tensor(child_nodes, torch.long)
        self.ends = tensor(ends, torch.bool)  # [nodes, constraints]
        self.below = tensor(below, torch.bool)
        self.remaining = tensor(remaining, torch.long)
        self.depth = tensor([node.depth for node in nodes], torch.long)
        self.root = tensor([root.index for root in roots], torch.long)  # [texts]
        self.real = tensor(real, torch.bool)  # [texts, constraints]
        self.shortest = tensor(shortest, torch.long)
        self.longest = tensor(longest, torch.long)
        self.active = self.real.any(-1)  # [texts]: has at least one constraint
        self.banks = int(self.longest.sum(-1).max()) + 1 if constraints else 1

    @property
    def any(self) -> bool:
        return self.size > 0

    def initial(self, beams: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(node, met) of fresh hypotheses: ``[texts, beams]`` roots, only padding met."""
        node = self.root[:, None].expand(-1, beams).clone()
        met = (~self.real)[:, None, :].expand(-1, beams, -1).clone()
        return node, met

    def _leads_somewhere(self, node: torch.Tensor, met: torch.Tensor) -> torch.Tensor:
        """Whether ``node`` is (or leads to) the end of a constraint not yet met."""
        return ((self.ends[node] | self.below[node]) & ~met).any(-1)

    def allowed(self, node: torch.Tensor, met: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Tokens that advance each hypothesis (``[texts, beams]`` state) on a constraint:
        ``(tokens, ok)``, both ``[texts, beams, fan_out]``; the continuation of the one in
        progress, or else the first tokens of every unmet constraint."""
        tokens = self.child_tokens[node]
        children = self.child_nodes[node]
        ok = (tokens >= 0) & self._leads_somewhere(children, met[:, :, None, :])
        return tokens, ok

    def advance(self, node: torch.Tensor, met: torch.Tensor, token: torch.Tensor) -> Advance:
        """The state after each candidate: ``node``/``token`` are ``[texts, candidates]``,
        ``met`` is ``[texts, candidates, constraints]`` (the state of its hypothesis)."""
        import torch

        root = self.root[:, None].expand_as(node)
        child, found = self._child(self.child_tokens[node], self.child_nodes[node], token)
        moved = found & self._leads_somewhere(child, met)
        new = torch.where(moved, child, root)
        # Leaving the constraint in progress resets it; the token may start another one.
        restart_tokens = self.child_tokens[self.root][:, None, :].expand(-1, node.shape[1], -1)
        restart_nodes = self.child_nodes[self.root][:, None, :].expand(-1, node.shape[1], -1)
        child, found = self._child(restart_tokens, restart_nodes, token)
        restart = ~moved & (node != root) & found & self._leads_somewhere(child, met)
        new = torch.where(restart, child, new)

        newly = self.ends[new] & ~met
        first = newly & (newly.long().cumsum(-1) == 1)  # one occurrence meets one constraint
        met = met | first
        keep = (self.below[new] & ~met).any(-1)
        new = torch.where(keep, new, root)

        real = self.real[:, None, :]
        placed = (met & real).sum(-1)
        bank = ((met & real) * self.longest[:, None, :]).sum(-1)
        bank = bank + torch.where(new != root, self.depth[new], 0)
        unmet = ~met
        shortest = self.shortest[:, None, :]
        need = (shortest * unmet).sum(-1)
        credit = ((shortest - self.remaining[new]) * unmet).clamp(min=0).amax(-1)
        return Advance(
            node=new,
            met=met,
            bank=bank,
            need=need - credit,
            complete=~unmet.any(-1),
            placed=placed,
        )

    @staticmethod
    def _child(
        tokens: torch.Tensor, nodes: torch.Tensor, token: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        hit = tokens == token[..., None]
        return (nodes * hit).sum(-1), hit.any(-1)
