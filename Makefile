# Everything a new machine needs comes from here: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_CONFIG := demo/config.toml
SAMPLE := tests/data/clb-dong-hoa.xlsx

.PHONY: demo chat test lint run bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# At a keyboard: the web chat for the sample club on 127.0.0.1, with a persona
# picker (Ctrl-C stops it). Without one (a pipe, CI): the scripted terminal tour.
# `make chat` is the terminal chat at any time (piped input: one turn per line).
demo: $(STAMP)
	@mkdir -p demo
	@test -f $(DEMO_CONFIG) || cp config.example.toml $(DEMO_CONFIG)
	$(BIN)/ishc-bot --config $(DEMO_CONFIG) import $(SAMPLE)
	@if [ -t 0 ]; then \
		$(BIN)/ishc-bot --config $(DEMO_CONFIG) demo; \
	else \
		$(BIN)/ishc-bot --config $(DEMO_CONFIG) chat --tour; \
	fi

chat: $(STAMP)
	@mkdir -p demo
	@test -f $(DEMO_CONFIG) || cp config.example.toml $(DEMO_CONFIG)
	$(BIN)/ishc-bot --config $(DEMO_CONFIG) import $(SAMPLE)
	$(BIN)/ishc-bot --config $(DEMO_CONFIG) chat

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

run: $(STAMP)
	$(BIN)/ishc-bot --config $${CONFIG:-config.toml} run

bench: $(STAMP)
	$(BIN)/python -m bench.menu_actions
	$(BIN)/python -m bench.reminders_fanout
	$(BIN)/python -m bench.answers_under_load
	$(BIN)/python -m bench.report_figures
	$(BIN)/python -m bench.officer_page

clean:
	rm -rf $(VENV) demo
