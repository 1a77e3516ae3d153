# Options Ladder — `make run` serves the app on the bundled pack (this machine only); `make seminar` serves
# it to a room's network; `make test` runs the whole suite.
# Each creates .venv when it is missing. Needs Python 3.11+ and make; `make test` also installs
# Debian's chromium and postgresql through apt-get when they are missing and it runs as root.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run seminar test bench schema screenshots system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) -m ui.serve --server.port $(PORT)

# A seminar room: serve on all interfaces so participants' laptops and phones can join; prints the
# address they use (LADDER_PUBLIC_URL overrides it, e.g. behind a reverse proxy with TLS).
seminar: $(VENV)/.installed-run
	$(PY) -m ui.lan --port $(PORT)

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "note:$$missing not installed and not root: those tests skip here (and fail under CI=true)."; \
	    echo "      install with: sudo apt-get install -y$$missing"; \
	  fi; \
	fi

test: $(VENV)/.installed-test system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench system-deps
	$(PY) bench/run.py
	$(PY) bench/bench_store.py
	$(PY) bench/bench_app.py
	$(PY) bench/bench_room.py

screenshots: $(VENV)/.installed-test system-deps
	LADDER_UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser -q

schema: $(VENV)/.installed-run
	$(PY) -m schema

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
