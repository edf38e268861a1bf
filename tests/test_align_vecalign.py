"""The Vecalign format and Vecalign's strict/lax scores, on examples worked out by hand."""

from __future__ import annotations

import pytest

from tarjama.align import (
    format_vecalign,
    parse_vecalign,
    read_vecalign,
    score_alignment,
    score_alignments,
    write_vecalign,
)
from tarjama.document import AlignmentLink
from tarjama.errors import AlignFormatError

GOLD_TEXT = "[0]:[0]\n[1]:[]\n[2]:[1]\n[]:[2]\n[3]:[3,4]\n[4,5]:[5]\n[6,7]:[6,7]\n"


def test_round_trip_keeps_ids_zero_based():
    links = parse_vecalign(GOLD_TEXT)
    assert [(link.source, link.target) for link in links] == [
        ((0,), (0,)),
        ((1,), ()),
        ((2,), (1,)),
        ((), (2,)),
        ((3,), (3, 4)),
        ((4, 5), (5,)),
        ((6, 7), (6, 7)),
    ]
    assert [link.kind for link in links] == ["1-1", "1-0", "1-1", "0-1", "1-2", "2-1", "2-2"]
    assert format_vecalign(links) == GOLD_TEXT


def test_scores_are_read_and_written_on_request(tmp_path):
    links = [AlignmentLink((0,), (0, 1), 0.98765), AlignmentLink((1,), (), None)]
    path = tmp_path / "out.txt"
    write_vecalign(path, links, scores=True)
    assert path.read_text(encoding="utf-8") == "[0]:[0,1]:0.9877\n[1]:[]\n"
    again = read_vecalign(path)
    assert [(link.source, link.target, link.score) for link in again] == [
        ((0,), (0, 1), 0.9877),
        ((1,), (), None),
    ]


def test_spaces_and_blank_lines_are_tolerated():
    links = parse_vecalign("[9, 10]:[ 11 ]\n\n[]:[12]\n")
    assert [(link.source, link.target) for link in links] == [((9, 10), (11,)), ((), (12,))]


@pytest.mark.parametrize("line", ["[0]-[1]", "0:1", "[a]:[1]", "[0]:[1]:x:y"])
def test_bad_lines_name_the_file_and_line(tmp_path, line):
    path = tmp_path / "gold.txt"
    path.write_text(f"[0]:[0]\n{line}\n", encoding="utf-8")
    with pytest.raises(AlignFormatError, match=r"gold\.txt:2: not a Vecalign link"):
        read_vecalign(path)


def L(source, target):  # noqa: N802 - reads like the file format
    return (tuple(source), tuple(target))


@pytest.mark.parametrize(
    ("gold", "test", "expected"),
    [
        pytest.param(
            [L([0], [0]), L([1], [1])],
            [L([0], [0]), L([1], [1])],
            (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            id="identical",
        ),
        # Precision over 3 test links: [0]:[0] strict; [1]:[1] lax only (gold maps 1 to
        # {1, 2}); [2]:[2] neither (gold 2 is a deletion, so it maps 2 to nothing).
        # Recall over the 2 gold links that are not deletions, against the test links:
        # [0]:[0] strict; [1]:[1,2] lax only (test maps 1 to {1}).
        pytest.param(
            [L([0], [0]), L([1], [1, 2]), L([2], [])],
            [L([0], [0]), L([1], [1]), L([2], [2])],
            (1 / 3, 1 / 2, 0.4, 2 / 3, 1.0, 0.8),
            id="split merge and wrong deletion",
        ),
        # A test deletion equal to a gold deletion is a strict hit of precision; deletions
        # take no part in recall.
        pytest.param(
            [L([0], [0]), L([], [1])],
            [L([0], [0]), L([], [1])],
            (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            id="deletions count in precision only",
        ),
        # The test's 0-1 and 1-0 links miss the gold 1-1: precision 1/3 strict and lax
        # (deletions are never lax hits); recall 1/2 strict and lax.
        pytest.param(
            [L([0], [0]), L([1], [1])],
            [L([0], [0]), L([1], []), L([], [1])],
            (1 / 3, 1 / 2, 0.4, 1 / 3, 1 / 2, 0.4),
            id="a 1-1 broken into two deletions",
        ),
        # Links empty on both sides are ignored.
        pytest.param(
            [L([0], [0]), L([], [])],
            [L([0], [0]), L([], [])],
            (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            id="empty links ignored",
        ),
    ],
)
def test_strict_and_lax_scores(gold, test, expected):
    assert score_alignment(gold, test).figures() == pytest.approx(expected)


def test_counts_are_summed_over_documents_before_dividing():
    # doc 1: 1 of 1 test links right; doc 2: 1 of 3 right -> precision 2/4, not (1 + 1/3)/2
    gold = [[L([0], [0])], [L([0], [0]), L([1], [1, 2])]]
    test = [[L([0], [0])], [L([0], [0]), L([1], [1]), L([], [2])]]
    scores = score_alignments(gold, test)
    assert scores.precision_strict == pytest.approx(2 / 4)
    assert scores.recall_strict == pytest.approx(2 / 3)


def test_nothing_to_score_gives_zero():
    scores = score_alignment([], [])
    assert (scores.precision_strict, scores.recall_strict, scores.f1_strict) == (0.0, 0.0, 0.0)


def test_alignment_links_and_tuples_score_alike():
    gold = parse_vecalign(GOLD_TEXT)
    as_tuples = [(link.source, link.target) for link in gold]
    assert score_alignment(gold, as_tuples).f1_strict == 1.0
