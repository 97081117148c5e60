# Everything a fresh machine needs is installed from here: `make run`, `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newsdq-installed
# Written by setup.py when it compiles validators/figures/ (README: Speed); an edit of a source compiles it again.
COMPILED := validators/figures/compiled.sha256
export GX_ANALYTICS_ENABLED := false

.PHONY: run test check bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(COMPILED): $(wildcard validators/figures/*.py) | $(STAMP)
	@# Built before figures/ was a package: figures.py's compiled module and stamp.
	rm -f validators/figures.*.so validators/figures__mypyc.*.so validators/figures.sha256
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(COMPILED)

run: $(COMPILED)  ## validate seeds/ against the committed baseline and build the Data Docs
	bash scripts/fetch-datadocs-assets.sh
	$(BIN)/newsdq validate seeds/ --baseline expectations/baseline.yaml --data-docs out/data-docs

test: $(COMPILED)  ## the whole test suite, browser and pre-commit end-to-end tests included
	bash scripts/setup-browser.sh
	@# pytest exits 5 when it collected no test: a broken suite, never a pass.
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

check: $(COMPILED)  ## the project's own pre-commit hooks on every file
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

bench: $(COMPILED)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_scaling.py
	$(BIN)/python bench/bench_cross.py
	$(BIN)/python bench/bench_facts.py
	$(BIN)/python bench/bench_hook.py

clean:
	rm -rf $(VENV) $(COMPILED) newsdq_figures__mypyc.*.so validators/*.so validators/figures/*.so validators/figures.sha256 \
		build out artifacts .pytest_cache .mypy_cache .ruff_cache
