# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve bench bench-build fuzz clean browser bytecode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The generator's bytecode: pip compiles what it installs, but not an editable install, and
# where PYTHONDONTWRITEBYTECODE is set Python never writes it, so every `wongrian` command would
# compile the whole package again (0.1 s of each build). Files edited since are compiled again
# here; Python itself ignores a .pyc that does not match its source.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q generator bench

site: bytecode
	$(BIN)/wongrian build
	$(BIN)/wongrian bundle

check: bytecode
	$(BIN)/wongrian check

serve: bytecode
	$(BIN)/wongrian serve

# Debian's chromium for the browser tests (root on CI; sudo elsewhere if needed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null; }

test: bytecode browser
	$(BIN)/python -m pytest -n 2 -q --durations=15

# Wongrian beside Hugo on the peer harness corpus (../shared/peerbench); results in bench/RESULTS.md.
$(VENV)/.bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench bytecode
	$(BIN)/python -m bench.peer

bench-build: bytecode
	$(BIN)/python -m bench.run

# 10,000 generated stories through check and page rendering; writes bench/RESULTS.md.
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --examples 10000

clean:
	rm -rf site dist site.old site.lock dist.lock .build-tmp-* $(VENV)
