"""``tarjama review serve``: the editor's JSON API, with the server running for real.

Each test starts :class:`~tarjama.review.serve.EditorServer` (uvicorn) on a free port in a
thread and talks HTTP to it with ``http.client``; nothing of the server is mocked. The
translate run is the hand-made one of ``test_review`` (no model); the align run is
``test_export_bitext.aligned_document`` written as ``tarjama align`` writes it.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tarjama.cli import app
from tarjama.document import Document, TermMatch
from tarjama.errors import ReviewRunBusyError, ReviewServeError
from tarjama.export.bilingual import write_bitext
from tarjama.memory import TranslationMemory
from tarjama.outputs import output_paths, write_outputs
from tarjama.review import apply_review, read_align_run, write_align_outputs
from tarjama.review.serve import EditorServer
from tarjama.review.server import BODY_LIMIT, TOKEN_HEADER
from test_export_bitext import aligned_document
from test_review import CORRECTED, _edit, _records, _run

ENVOY = TermMatch(
    start=0, end=0, text="envoy", source_form="envoy", target="المبعوث", entry="news.tsv:7"
)


@dataclass
class Answer:
    status: int
    data: Any
    headers: dict[str, str]
    body: bytes


class Client:
    """HTTP to a running server, with its token unless told otherwise."""

    def __init__(self, server: EditorServer):
        self.server = server
        self.host = f"127.0.0.1:{server.port}"

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = "",
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        sent = {"Host": self.host}
        if token is not None:
            sent[TOKEN_HEADER] = token or self.server.token
        if body is not None:
            raw = json.dumps(body).encode()
        if raw is not None:
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        connection.request(method, path, body=raw, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kind = response.getheader("content-type") or ""
        parsed = json.loads(data) if kind.startswith("application/json") else None
        return Answer(
            response.status, parsed, {k.lower(): v for k, v in response.getheaders()}, data
        )


@contextmanager
def serving(run: Path, memory: Path) -> Iterator[Client]:
    server = EditorServer(run, memory=memory)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield Client(server)
    finally:
        server.stop()
        thread.join(20)
        assert not thread.is_alive()


def translate_run(folder: Path) -> tuple[Path, Document]:
    """``test_review``'s run, the English segment holding the glossary term "envoy"."""
    out, document = _run(folder)
    english = next(s for s in document.segments if s.source_lang == "en")
    start = english.start + english.source.index("envoy")
    term = TermMatch(**{**ENVOY.__dict__, "start": start, "end": start + 5, "status": "missed"})
    english.terms = [term]
    write_outputs(document, output_paths(document, out, "article"), ["en", "ar"], set())
    return out / "article.segments.jsonl", document


@pytest.fixture
def translated(tmp_path: Path) -> Iterator[tuple[Client, Path, Path]]:
    run, _ = translate_run(tmp_path)
    memory = tmp_path / "tm.sqlite"
    with serving(run, memory) as client:
        yield client, run, memory


def _segment(records: list[dict], lang: str) -> dict:
    return next(r for r in records if r["source_lang"] == lang)


# --- the page and the guard ----------------------------------------------------------------


def test_the_page_and_its_assets_come_from_the_package_under_a_strict_csp(translated):
    client, _, _ = translated
    page = client.call("GET", "/", token=None)
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy  # no CDN, no inline script
    html = page.body.decode()
    assert '<script src="/static/editor.js" defer></script>' in html
    assert html.count("<script") == 1 and "<style" not in html and " style=" not in html
    for name, kind in (("editor.js", "text/javascript"), ("editor.css", "text/css")):
        asset = client.call("GET", f"/static/{name}", token=None)
        assert asset.status == 200 and asset.headers["content-type"].startswith(kind)
        assert b"http://" not in asset.body and b"https://" not in asset.body
    assert b"innerHTML" not in client.call("GET", "/static/editor.js").body
    assert client.call("GET", "/static/..%2Fserver.py", token=None).status == 404


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_the_api_without_the_token_is_403(translated, token):
    client, _, _ = translated
    for method, path, body in (
        ("GET", "/api/run", None),
        ("GET", "/api/segments", None),
        ("PUT", "/api/segments/0", {"translation": "x", "status": "reviewed"}),
    ):
        answer = client.call(method, path, body, token=token)
        assert answer.status == 403 and TOKEN_HEADER in answer.data["error"]
    assert client.call("GET", "/api/run").status == 200


def test_a_foreign_host_or_origin_is_403(translated):
    client, _, _ = translated
    port = client.server.port
    rebinding = client.call("GET", "/api/run", headers={"Host": f"attacker.example:{port}"})
    assert rebinding.status == 403 and "Host" in rebinding.data["error"]
    assert client.call("GET", "/", token=None, headers={"Host": "attacker.example"}).status == 403
    foreign = client.call("GET", "/api/segments", headers={"Origin": "http://attacker.example"})
    assert foreign.status == 403
    own = client.call("GET", "/api/segments", headers={"Origin": f"http://127.0.0.1:{port}"})
    assert own.status == 200
    assert client.call("GET", "/api/run", headers={"Host": f"localhost:{port}"}).status == 200


def test_a_body_over_the_limit_is_413_declared_or_chunked(translated):
    client, run, _ = translated
    before = run.read_bytes()
    big = {"translation": "x" * (BODY_LIMIT + 10), "status": "reviewed"}
    assert client.call("PUT", "/api/segments/0", big).status == 413
    connection = http.client.HTTPConnection("127.0.0.1", client.server.port, timeout=30)
    connection.putrequest("PUT", "/api/segments/0", skip_host=True)
    for name, value in (
        ("Host", client.host),
        (TOKEN_HEADER, client.server.token),
        ("Content-Type", "application/json"),
        ("Transfer-Encoding", "chunked"),
    ):
        connection.putheader(name, value)
    connection.endheaders()
    chunk = b"x" * 65536
    for _ in range(BODY_LIMIT // len(chunk) + 2):
        connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    connection.send(b"0\r\n\r\n")
    assert connection.getresponse().status == 413
    connection.close()
    assert run.read_bytes() == before


# --- editing a translate run ---------------------------------------------------------------


def test_a_confirmed_edit_is_in_the_run_file_the_versions_the_page_and_the_memory(translated):
    client, run, memory = translated
    out = run.parent
    listing = client.call("GET", "/api/segments").data
    assert (listing["reviewed"], listing["total"]) == (0, 2)
    arabic = next(item for item in listing["segments"] if item["source"]["lang"] == "ar")
    answer = client.call(
        "PUT", f"/api/segments/{arabic['id']}", {"translation": CORRECTED, "status": "reviewed"}
    )
    assert answer.status == 200, answer.data
    assert answer.data["segment"]["reviewed"] and answer.data["segment"]["origin"] == "review"
    assert answer.data["segment"]["target"]["text"] == CORRECTED
    assert (answer.data["reviewed"], answer.data["total"]) == (1, 2)
    assert sorted(answer.data["wrote"]) == sorted(
        ["article.en.txt", "article.ar.txt", "article.html", "article.segments.jsonl"]
    )
    record = _segment(_records(out), "ar")
    assert record["translation"] == CORRECTED and record["origin"] == "review"
    assert CORRECTED in (out / "article.en.txt").read_text(encoding="utf-8")
    assert CORRECTED in (out / "article.html").read_text(encoding="utf-8")
    with TranslationMemory(memory) as tm:
        assert tm.lookup(arabic["source"]["text"], "ar", "en") == CORRECTED
    again = client.call("GET", "/api/segments").data
    assert again["reviewed"] == 1 and again["segments"][0]["target"]["text"] == CORRECTED


def test_the_audit_and_the_qa_checks_run_again_on_the_new_text(translated):
    client, run, _ = translated
    english = next(
        item
        for item in client.call("GET", "/api/segments").data["segments"]
        if item["source"]["lang"] == "en"
    )
    marks = [run for run in english["source"]["runs"] if run.get("mark")]
    assert marks and marks[0]["text"] == "envoy" and "المبعوث" in marks[0]["markTitle"]
    assert any(flag["check"] == "terms" for flag in english["flags"])
    path = f"/api/segments/{english['id']}"
    fixed = client.call("PUT", path, {"translation": "قال المبعوث إن المحادثات ستستمر."})
    assert fixed.status == 200
    segment = fixed.data["segment"]
    assert not any(flag["check"] == "terms" for flag in segment["flags"])
    target_marks = [run for run in segment["target"]["runs"] if run.get("mark")]
    assert target_marks[0]["text"] == "المبعوث" and "applied" in target_marks[0]["mark"]
    record = _segment(_records(run.parent), "en")
    assert record["terms"][0]["status"] == "applied"
    assert "qa" not in record or not any(f["check"] == "terms" for f in record["qa"])


def test_a_reviewed_translation_is_never_replaced_silently(translated):
    client, run, memory = translated
    first = client.call("PUT", "/api/segments/0", {"translation": CORRECTED, "status": "reviewed"})
    assert first.status == 200
    before = {p.name: p.read_bytes() for p in run.parent.iterdir()}
    other = {"translation": "The envoy said something else.", "status": "reviewed"}
    conflict = client.call("PUT", "/api/segments/0", other)
    assert conflict.status == 409
    assert conflict.data["conflict"] == {"stored": CORRECTED, "where": "outputs"}
    assert conflict.data["segment"]["target"]["text"] == CORRECTED
    assert {p.name: p.read_bytes() for p in run.parent.iterdir()} == before
    replaced = client.call("PUT", "/api/segments/0", {**other, "overwrite": True})
    assert replaced.status == 200
    with TranslationMemory(memory) as tm:
        assert (
            tm.lookup(_segment(_records(run.parent), "ar")["source"], "ar", "en")
            == (other["translation"])
        )


def test_a_different_translation_in_the_memory_is_a_conflict(tmp_path: Path):
    run, document = translate_run(tmp_path)
    memory = tmp_path / "tm.sqlite"
    arabic = next(s for s in document.segments if s.source_lang == "ar")
    with TranslationMemory(memory) as tm:
        tm.store(arabic.source, "Stored before.", "ar", "en")
    with serving(run, memory) as client:
        answer = client.call("PUT", f"/api/segments/{arabic.id}", {"translation": CORRECTED})
        assert answer.status == 409 and answer.data["conflict"]["where"] == "memory"
    assert _segment(_records(run.parent), "ar")["origin"] == "model"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/segments/99", {"translation": "x"}, 404),
        ("/api/segments/2", {"translation": "x"}, 422),  # a kept segment
        ("/api/segments/0", {"translation": "   "}, 422),
        ("/api/segments/0", {"translation": 5}, 422),
        ("/api/segments/0", {"translation": "x", "status": "draft"}, 422),
        ("/api/segments/0", {"translation": "x", "overwrite": "yes"}, 422),
        ("/api/segments/0", {"translation": "bell \x07 rings"}, 422),
        ("/api/segments/0", ["not", "an", "object"], 422),
        ("/api/segments/0/merge", {}, 405),  # only links merge
    ],
)
def test_bad_requests_are_refused_and_change_nothing(translated, path, body, status):
    client, run, _ = translated
    before = run.read_bytes()
    method = "POST" if path.endswith("merge") else "PUT"
    answer = client.call(method, path, body)
    assert answer.status == status and answer.data["error"]
    assert run.read_bytes() == before


def test_a_body_that_is_not_json_is_refused(translated):
    client, _, _ = translated
    assert client.call("PUT", "/api/segments/0", raw=b"{nope").status == 400
    plain = client.call("PUT", "/api/segments/0", raw=b"{}", headers={"Content-Type": "text/plain"})
    assert plain.status == 415


def test_a_review_apply_meanwhile_is_seen_and_kept(translated):
    client, run, memory = translated
    out = run.parent
    document_rows = client.call("GET", "/api/segments").data["segments"]
    reviewed = write_bitext(_document_of(run), "tsv", out, "article")
    _edit(reviewed, "draft 0 (en)", CORRECTED)
    apply_review(reviewed, memory=memory)
    rows = client.call("GET", "/api/segments").data["segments"]
    assert rows[0]["target"]["text"] == CORRECTED != document_rows[0]["target"]["text"]
    # the editor's next save starts from the applied run, never from its old copy
    client.call("PUT", "/api/segments/1", {"translation": "قال المبعوث."})
    records = _records(out)
    assert _segment(records, "ar")["translation"] == CORRECTED
    assert _segment(records, "en")["translation"] == "قال المبعوث."


def _document_of(run: Path) -> Document:
    from tarjama.review import load_document

    return load_document(run)


# --- one server per run, and where it listens --------------------------------------------------


def test_a_second_server_on_the_same_run_is_refused_until_the_first_stops(tmp_path: Path):
    run, _ = translate_run(tmp_path)
    memory = tmp_path / "tm.sqlite"
    with serving(run, memory) as client:
        lock = run.with_name(f".{run.name}.lock")
        assert client.server.url in lock.read_text(encoding="utf-8")
        with pytest.raises(ReviewRunBusyError, match="another `tarjama review serve`"):
            EditorServer(run, memory=memory)
    assert not lock.exists()
    with serving(run, memory) as client:
        assert client.call("GET", "/api/run").status == 200


def test_a_taken_port_or_every_interface_is_a_catalogue_error(translated, tmp_path: Path):
    client, _, _ = translated
    (tmp_path / "other").mkdir()
    other, _ = translate_run(tmp_path / "other")
    with pytest.raises(ReviewServeError, match="the port is taken") as caught:
        EditorServer(other, port=client.server.port)
    assert "--port" in str(caught.value)
    with pytest.raises(ReviewServeError, match="every network interface"):
        EditorServer(other, host="0.0.0.0")
    assert not list(other.parent.glob(".*.lock"))


def test_cli_review_serve_prints_the_url_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    run, _ = translate_run(tmp_path)
    command = [sys.executable, "-m", "tarjama", "review", "serve", str(run), "--no-browser",
               "--memory", str(tmp_path / "tm.sqlite")]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        url = lines[1].split()[-1]
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url, lines
        port = int(url.split(":")[2].split("/")[0])
        token = url.split("token=")[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/api/run", headers={TOKEN_HEADER: token})
        assert json.loads(connection.getresponse().read())["kind"] == "translate"
        connection.close()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err
    assert not run.with_name(f".{run.name}.lock").exists()


def test_cli_review_serve_of_a_missing_run_is_one_line_exit_1(tmp_path: Path):
    result = CliRunner().invoke(app, ["review", "serve", str(tmp_path / "x.segments.jsonl")])
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert result.output.count("\n") == 1
    result = CliRunner().invoke(app, ["review", "serve", str(tmp_path / "x.txt")])
    assert result.exit_code == 1 and ".align.jsonl" in result.output


# --- an align run --------------------------------------------------------------------------


def align_run(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    paths = write_align_outputs(aligned_document(), [], folder, "report")
    return paths[-1]


@pytest.fixture
def aligned(tmp_path: Path) -> Iterator[tuple[Client, Path, Path]]:
    run = align_run(tmp_path / "out")
    memory = tmp_path / "tm.sqlite"
    with serving(run, memory) as client:
        yield client, run, memory


def _links(run: Path) -> list[tuple[list[int], list[int], str]]:
    records = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]
    return [(r["source"], r["target"], r["status"]) for r in records if r["type"] == "link"]


def test_an_align_run_lists_its_links_with_kinds_and_scores(aligned):
    client, run, _ = aligned
    info = client.call("GET", "/api/run").data
    assert info["kind"] == "align" and info["languages"] == ["ar", "en"]
    listing = client.call("GET", "/api/segments").data
    items = listing["segments"]
    assert [item["id"] for item in items] == ["s0_t0", "s1_t1-t2", "s2-s3_t3", "s4", "s5_t4", "t5"]
    assert [item["link"] for item in items] == ["1-1", "1-2", "2-1", "1-0", "1-1", "0-1"]
    assert items[1]["score"] == 0.41 and items[1]["low"]
    assert any(flag["check"] == "score" for flag in items[1]["flags"])
    assert items[3]["target"] is None and any(f["check"] == "gap" for f in items[3]["flags"])
    assert (listing["reviewed"], listing["total"]) == (0, 6)


def test_a_confirmed_link_goes_into_the_memory_and_stays(aligned):
    client, run, memory = aligned
    first = client.call("GET", "/api/segments").data["segments"][0]
    answer = client.call("PUT", "/api/segments/s0_t0", {"status": "reviewed"})
    assert answer.status == 200 and answer.data["reviewed"] == 1
    assert _links(run)[0] == ([0], [0], "confirmed")
    with TranslationMemory(memory) as tm:
        assert tm.lookup(first["source"]["text"], "ar", "en") == first["target"]["text"]
        assert len(tm) == 1
    for change in ({"status": "wrong"}, {"status": "aligned"}):
        refused = client.call("PUT", "/api/segments/s0_t0", change)
        assert refused.status == 409 and "memory" in refused.data["error"]
    assert client.call("POST", "/api/segments/s0_t0/merge", {}).status == 409
    assert _links(run)[0] == ([0], [0], "confirmed")


def test_a_link_marked_wrong_never_reaches_the_memory_or_a_tmx(aligned, tmp_path: Path):
    client, run, memory = aligned
    answer = client.call("PUT", "/api/segments/s1_t1-t2", {"status": "wrong"})
    assert answer.status == 200 and answer.data["segments"][1]["status"] == "wrong"
    assert _links(run)[1] == ([1], [1, 2], "wrong")
    assert not memory.exists()
    result = CliRunner().invoke(
        app, ["review", "export", str(run), "-f", "tmx", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 0, result.output
    tmx = (tmp_path / "x" / "report.tmx").read_text(encoding="utf-8")
    row = aligned_document()
    wrong_source = row.segments[1].source
    assert wrong_source not in tmx and row.segments[0].source in tmx
    back = client.call("PUT", "/api/segments/s1_t1-t2", {"status": "aligned"})
    assert back.status == 200 and _links(run)[1] == ([1], [1, 2], "aligned")


def test_adjacent_links_merge_and_split_and_the_file_keeps_them(aligned):
    client, run, _ = aligned
    merged = client.call("POST", "/api/segments/s4/merge", {})
    assert merged.status == 200
    assert [i["id"] for i in merged.data["segments"]][3:] == ["s4-s5_t4", "t5"]
    assert _links(run)[3] == ([4, 5], [4], "aligned")
    split = client.call("POST", "/api/segments/s4-s5_t4/split", {"source": 1, "target": 0})
    assert split.status == 200
    assert _links(run)[3:5] == [([4], [], "aligned"), ([5], [4], "aligned")]
    halves = client.call("POST", "/api/segments/s1_t1-t2/split", {})
    assert halves.status == 200 and _links(run)[1:3] == [
        ([1], [1], "aligned"),
        ([], [2], "aligned"),
    ]
    assert read_align_run(run).document.links[1].score is None  # a reviewer's link: no score
    for path, body in (
        ("/api/segments/s4/split", {}),  # one segment: nothing to split
        ("/api/segments/s0_t0/split", {"source": 3}),
        ("/api/segments/t5/merge", {}),  # the last link
    ):
        assert client.call("POST", path, body).status == 422, path


def test_an_align_links_texts_are_not_edited_and_a_gap_is_not_confirmed(aligned):
    client, run, _ = aligned
    before = run.read_bytes()
    edit = client.call("PUT", "/api/segments/s0_t0", {"translation": "x", "status": "reviewed"})
    assert edit.status == 422 and "wrong" in edit.data["error"]
    assert client.call("PUT", "/api/segments/s4", {"status": "reviewed"}).status == 422
    assert client.call("PUT", "/api/segments/s0_t0", {"status": "done"}).status == 422
    assert client.call("PUT", "/api/segments/nope", {"status": "wrong"}).status == 404
    assert run.read_bytes() == before


def test_review_apply_of_an_align_run_stores_only_its_confirmed_pairs(aligned, tmp_path: Path):
    client, run, _ = aligned
    client.call("PUT", "/api/segments/s2-s3_t3", {"status": "reviewed"})
    client.call("PUT", "/api/segments/s5_t4", {"status": "wrong"})
    other = tmp_path / "other.sqlite"
    result = CliRunner().invoke(app, ["review", "apply", str(run), "--memory", str(other)])
    assert result.exit_code == 0, result.output
    assert "1 confirmed" in result.output
    with TranslationMemory(other) as tm:
        document = aligned_document()
        joined = " ".join(s.source for s in document.segments[2:4])
        assert (
            len(tm) == 1
            and tm.lookup(joined, "ar", "en") == document.counterpart.segments[3].source
        )


def test_tarjama_align_writes_a_run_file_that_keeps_its_links(tmp_path: Path):
    from test_export_align import ARTICLE_AR, ARTICLE_EN

    (tmp_path / "ar.txt").write_text(ARTICLE_AR, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE_EN, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["align", str(tmp_path / "ar.txt"), str(tmp_path / "en.txt"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'ar.en.align.jsonl'}" in result.output
    run = read_align_run(out / "ar.en.align.jsonl")
    kinds = sorted({link.kind for link in run.document.links})
    assert "2-1" in kinds or "1-0" in kinds  # links as aligned, never rebuilt as 1-1
    assert run.statuses == ["aligned"] * len(run.document.links)
    assert run.header["source"]["lang"] == "ar" and run.header["target"]["lang"] == "en"
    assert all(link.score is not None for link in run.document.links)
    exported = CliRunner().invoke(app, ["review", "export", str(out / "ar.en.align.jsonl")])
    assert exported.exit_code == 0, exported.output
    assert (out / "ar.en.xlf").exists()


def test_a_hand_broken_align_run_names_its_line(tmp_path: Path):
    run = align_run(tmp_path)
    lines = run.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace('"source": []', '"source": [0]')  # shares segment 0
    run.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", "export", str(run)])
    assert result.exit_code == 1 and f"{run}:{len(lines)}:" in result.output
    assert "never share a segment" in result.output and "tarjama align" in result.output


def test_the_lock_file_holds_the_url_readable_by_its_owner_only(translated):
    client, run, _ = translated
    lock = run.with_name(f".{run.name}.lock")
    assert oct(os.stat(lock).st_mode & 0o777) == "0o600"
