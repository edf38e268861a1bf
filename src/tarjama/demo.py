"""What ``make demo`` shows (``tarjama demo``): first the half of tarjama that needs no model,
then the translation — or, where no model can be reached, a banner that says so, why, and
the three ways to get one.

On the examples folder, into the outputs folder:

1. the language of every segment of every example (``tarjama detect``), each saved as
   ``<stem>.detect.tsv``, the table of the mixed article printed;
2. the starter glossary's matches in that article (``tarjama glossary find``), saved as
   ``<stem>.glossary.tsv``;
3. the alignment of the Arabic article ``<name>.ar.txt`` with its English version
   ``<name>.en.txt`` (``tarjama align … -f html -f tmx``);
4. ``tarjama translate`` of the whole folder, as ``make demo`` always did — if every
   model it needs is in a local folder or the Hugging Face cache, or the hub can be
   reached to download it (checked first, in seconds, by
   :func:`~tarjama.translate.locate_model`). Otherwise the banner.

:func:`run_demo` returns a :class:`DemoReport`; a skipped translation is no failure (the
demo ran), a file that failed to translate is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from tarjama.errors import ModelNotFoundError, OutputWriteError
from tarjama.writer import write_atomic

if TYPE_CHECKING:
    from tarjama.document import Document
    from tarjama.pipeline import RunReport
    from tarjama.reader import InputFile

#: The mixed article whose languages are shown in full and whose glossary terms are found.
ARTICLE = "moscow-talks.txt"
#: An example pack name, in the banner.
PACK_EXAMPLE = "opus-mt.tar"


@dataclass(frozen=True)
class MissingModel:
    """A model translation needs that cannot be had here: where tarjama looked."""

    direction: str
    name: str
    looked_in: tuple[str, ...]


@dataclass
class DemoReport:
    #: the files of the model-free steps
    written: list[Path] = field(default_factory=list)
    #: the translate run, or None where it was skipped
    translation: RunReport | None = None
    #: why it was skipped: the models that cannot be had (empty when it ran)
    missing: list[MissingModel] = field(default_factory=list)
    #: the banner's text (the same as printed), or "" when translation ran
    banner: str = ""

    @property
    def exit_code(self) -> int:
        """0 when the demo ran (translation skipped included); 1 if a file failed."""
        return 1 if self.translation is not None and self.translation.failed else 0


def run_demo(
    examples: Path,
    output_dir: Path,
    glossary: Path,
    model_specs: Sequence[str] = (),
    *,
    console: Console | None = None,
    progress: bool = True,
    again: str = "make demo",
) -> DemoReport:
    """Run the four steps of the module docstring; print as the commands would.

    ``model_specs`` are ``--model`` values (``ar-en=NAME_OR_PATH``); ``again`` is the
    command the banner tells the user to run once the models are here.
    """
    from tarjama.outputs import check_output_dir
    from tarjama.reader import expand_inputs

    console = console or Console(highlight=False, soft_wrap=True)
    examples, output_dir = Path(examples), Path(output_dir)
    check_output_dir(output_dir)
    files, problems = expand_inputs([examples])
    if problems:
        raise problems[0]
    report = DemoReport()
    article = next((f.path for f in files if f.path.name == ARTICLE), files[0].path)
    documents = _detect(files, article, output_dir, console, report)
    _glossary_find(article, glossary, output_dir, console, report)
    pair = _pair(examples)
    if pair is not None:
        _align(*pair, glossary, output_dir, console, report)
    _translate(examples, documents, output_dir, model_specs, console, report, progress, again)
    return report


def _step(console: Console, number: int, title: str, command: str) -> None:
    console.print()
    console.rule(Text(f"{number}/4  {title}", style="bold"), align="left")
    console.print(Text(f"$ {command}", style="dim"))


def _wrote(console: Console, report: DemoReport, paths: Sequence[Path]) -> None:
    for path in paths:
        console.print(Text(f"wrote {path}"))
    report.written.extend(paths)


def _write(files: dict[Path, str]) -> list[Path]:
    """:func:`~tarjama.writer.write_atomic`, a failure as the error ``translate`` gives."""
    try:
        return write_atomic(files)
    except OSError as error:
        where = error.filename or next(iter(files))
        raise OutputWriteError(where, error.strerror or str(error)) from None


def _detect(
    files: Sequence[InputFile],
    shown: Path,
    output_dir: Path,
    console: Console,
    report: DemoReport,
) -> list[Document]:
    from tarjama.outputs import output_stems
    from tarjama.pipeline import detect_file
    from tarjama.summary import print_detect_table

    documents: list[Document] = []
    tables: dict[Path, str] = {}
    _step(
        console,
        1,
        "The language of every segment (no model needed)",
        f"tarjama detect {shown}",
    )
    for file in files:
        documents.append(detect_file(file.path))
        if file.path == shown:
            print_detect_table(documents[-1], console)
    for file, stem, document in zip(files, output_stems(files), documents, strict=True):
        table = io.StringIO()
        print_detect_table(document, Console(file=table), tsv=True)
        path = output_dir / f"{stem}.detect.tsv"
        tables[path] = table.getvalue()
        counts: dict[str, int] = {}
        for segment in document.segments:
            counts[segment.source_lang] = counts.get(segment.source_lang, 0) + 1
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(counts.items()))
        console.print(
            Text(f"{file.path}: {len(document.segments)} segments ({languages}) → {path}")
        )
    report.written.extend(_write(tables))
    return documents


def _glossary_find(
    article: Path, glossary: Path, output_dir: Path, console: Console, report: DemoReport
) -> None:
    from tarjama.glossary import TermMatcher, find_terms, load_glossaries
    from tarjama.glossary.find import REPORT_COLUMNS, report_rows, text_argument
    from tarjama.summary import print_table

    _step(
        console,
        2,
        "The starter glossary's names and terms in the article (no model needed)",
        f"tarjama glossary find {article} -g {glossary}",
    )
    text, _path = text_argument(str(article))
    terms = load_glossaries([glossary])
    found = find_terms(text, TermMatcher(terms))
    rows, columns = report_rows(found), REPORT_COLUMNS
    print_table(columns, rows, console, tsv=False)
    console.print(Text(f"{len(found)} match(es)"))
    saved = io.StringIO()
    print_table(columns, rows, Console(file=saved), tsv=True)
    _wrote(
        console,
        report,
        _write({output_dir / f"{article.stem}.glossary.tsv": saved.getvalue()}),
    )


def _pair(examples: Path) -> tuple[Path, Path] | None:
    """The first ``<name>.ar.txt`` of the folder that has a ``<name>.en.txt`` beside it."""
    for arabic in sorted(examples.glob("*.ar.txt")):
        english = arabic.with_name(arabic.name[: -len(".ar.txt")] + ".en.txt")
        if english.is_file():
            return arabic, english
    return None


def _align(
    arabic: Path,
    english: Path,
    glossary: Path,
    output_dir: Path,
    console: Console,
    report: DemoReport,
) -> None:
    from tarjama.align import align_files
    from tarjama.bitext import link_line
    from tarjama.export.bilingual import aligned_stem
    from tarjama.glossary import TermMatcher, load_glossaries
    from tarjama.review import write_align_outputs

    _step(
        console,
        3,
        "An Arabic article aligned with its English version (no model needed)",
        f"tarjama align {arabic} {english} -g {glossary} -f html -f tmx -o {output_dir}",
    )
    matcher = TermMatcher(load_glossaries([glossary]))
    document = align_files(arabic, english, "sentences", glossary_matcher=matcher)
    stem = aligned_stem(arabic, english)
    paths = write_align_outputs(document, ["html", "tmx"], output_dir, stem)
    console.print(Text(link_line(document, arabic, english)))
    _wrote(console, report, paths)


def missing_models(names: dict[str, str], directions: Sequence[str]) -> list[MissingModel]:
    """The models of ``directions`` that are in no local folder or cache and cannot be
    downloaded now (the hub is asked whether it answers, within seconds; nothing is
    downloaded). A broken local folder is a :class:`~tarjama.errors.ModelLoadError`."""
    from tarjama.translate import locate_model

    missing = []
    for direction in directions:
        try:
            locate_model(names[direction], direction)
        except ModelNotFoundError as error:
            missing.append(MissingModel(direction, error.name, tuple(error.looked_in)))
    return missing


def _translate(
    examples: Path,
    documents: list[Document],
    output_dir: Path,
    model_specs: Sequence[str],
    console: Console,
    report: DemoReport,
    progress: bool,
    again: str,
) -> None:
    from tarjama.memory import TranslationMemory
    from tarjama.pipeline import needed_directions, parse_targets, translate_files
    from tarjama.progress import progress_bar
    from tarjama.summary import print_summary
    from tarjama.translate import DecodingSettings, Translator, resolve_model_names

    names = resolve_model_names(model_specs)
    targets = parse_targets("both")
    directions = needed_directions(documents, targets)
    command = f"tarjama translate {examples}/ -o {output_dir}/"
    for spec in model_specs:
        command += f" --model {spec}"
    _step(console, 4, "Translation", command)
    report.missing = missing_models(names, directions)
    if not report.missing:
        try:
            with progress_bar(enabled=progress) as callback:
                report.translation = translate_files(
                    [examples],
                    Translator(names, DecodingSettings()),
                    targets=targets,
                    output_dir=output_dir,
                    progress=callback,
                    memory=TranslationMemory(),
                )
        except ModelNotFoundError as error:  # the hub answered, but the download failed
            report.missing = [MissingModel(error.direction, error.name, tuple(error.looked_in))]
        else:
            print_summary(report.translation, console)
            return
    lines = banner_lines(report.missing, examples, output_dir, again)
    report.banner = banner_text(lines)
    console.print()
    console.print(
        Panel(
            Group(*(Padding(Text(text), (0, 0, 0, indent)) for indent, text in lines)),
            title=Text("translation skipped", style="bold"),
            title_align="left",
            border_style="yellow",
            expand=False,
        ),
        soft_wrap=False,  # the panel wraps its lines, keeping their indent
    )


def _places(model: MissingModel) -> list[str]:
    """Where tarjama looked, less the local folder a hub name was also tried as."""
    from tarjama.translate import hub

    if not hub.is_repo_id(model.name):
        return list(model.looked_in)
    return [place for place in model.looked_in if not place.startswith("local folder ")]


def banner_lines(
    missing: Sequence[MissingModel], examples: Path, output_dir: Path, again: str = "make demo"
) -> list[tuple[int, str]]:
    """The banner, as ``(indent, text)`` lines: translation skipped, why, and the three ways
    to get the models."""
    from tarjama.translate import hub

    lines = [
        (
            0,
            "Translation was skipped: no translation model can be reached from this machine. "
            f"Everything above needed none; its files are in {output_dir}/.",
        ),
        (0, ""),
        (0, "Missing:"),
    ]
    lines += [(2, f"{model.direction}  {model.name}") for model in missing]
    places = [_places(model) for model in missing]
    if all(place == places[0] for place in places):
        lines.append((2, f"looked in: {'; '.join(places[0])}"))
    else:
        for model, place in zip(missing, places, strict=True):
            lines.append((2, f"{model.direction} looked in: {'; '.join(place)}"))
    download = "tarjama models download"
    if variable := hub.offline_variable():
        download = f"unset {variable}, then: tarjama models download"
    specs = " ".join(f"--model {model.direction}=/path/to/model" for model in missing)
    lines += [
        (0, ""),
        (0, f"Three ways to get the models, then run `{again}` again:"),
        (2, "1. where huggingface.co can be reached:"),
        (5, download),
        (
            2,
            f"2. from a pack made with `tarjama models pack -o {PACK_EXAMPLE}` on a connected "
            "machine and copied here:",
        ),
        (5, f"tarjama models install {PACK_EXAMPLE}"),
        (2, "3. model folders of your own (the save_pretrained layout):"),
        (5, f"tarjama translate {examples}/ -o {output_dir}/ {specs}"),
    ]
    return lines


def banner_text(lines: Sequence[tuple[int, str]]) -> str:
    """The banner's lines as plain text."""
    return "\n".join(" " * indent + text if text else "" for indent, text in lines)
