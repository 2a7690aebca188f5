# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/wongrian build
	$(BIN)/wongrian bundle

check: $(STAMP)
	$(BIN)/wongrian check

serve: $(STAMP)
	$(BIN)/wongrian serve

# Debian's chromium for the browser tests (root on CI; sudo elsewhere if needed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf site dist site.old site.lock dist.lock .build-tmp-* $(VENV)
