# One command each on a fresh machine: `make test`, `make demo`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test demo lint bench clean

install: $(STAMP)

# torch first: the pinned CPU wheel; any other spec may pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# What needs no model first (languages, glossary terms, an alignment), then the translation;
# where no model can be reached, a banner says why and how to get one (still exit 0).
demo: $(STAMP)
	$(BIN)/tarjama demo examples/ -o outputs/ -g glossaries/news.tsv

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Each prints a table; results are recorded in benchmarks/RESULTS.md. Give them the CPU.
bench: $(STAMP)
	$(BIN)/python benchmarks/langid.py
	$(BIN)/python benchmarks/terms.py
	$(BIN)/python benchmarks/align.py
	$(BIN)/python benchmarks/documents.py
	$(BIN)/python benchmarks/qa.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
