# Two commands matter: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test bench lint package clean shot

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steward Workbench needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel

# Encrypted masters (the `encryption` extra) come from a prebuilt sqlcipher3 wheel only: where
# none exists for this machine (no compiler or SQLCipher headers needed), everything else is
# installed, the app says encrypted masters need the extra, and their tests are skipped.
ENCRYPTION = $(PIP) install --only-binary=sqlcipher3 -e '.[encryption]' || \
	echo "warning: no sqlcipher3 wheel for this machine: encrypted masters are not available"

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install -e .
	$(ENCRYPTION)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install -e '.[test,postgres]'
	$(ENCRYPTION)
	@touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(PIP) install -r tests/benchmarks/requirements.txt
	@touch $@

run: $(VENV)/.installed-run
	$(VENV)/bin/workbench

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check workbench tests

bench: $(VENV)/.installed-bench
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/run.py $(BENCH_ARGS)

# Screenshots of every screen with realistic demo data, to look at after a change (SHOTS=folder).
SHOTS ?= build/shots
SHOT_SCRIPTS := tests/screenshots.py tests/import_screenshots.py tests/review_screenshots.py \
	tests/screenshots_matching.py tests/definitions_screenshots.py tests/screenshots_export.py \
	tests/privacy_screenshots.py tests/group_screenshots.py tests/customers_screenshots.py
shot: $(VENV)/.installed-run
	@for script in $(SHOT_SCRIPTS); do \
		echo "$$script"; QT_QPA_PLATFORM=offscreen $(PY) $$script $(SHOTS) || exit 1; done
	@echo "Screenshots in $(SHOTS)/"

$(VENV)/.installed-package: pyproject.toml packaging/requirements.txt $(VENV)/.installed-run
	$(PIP) install -e '.[postgres]' -r packaging/requirements.txt
	$(ENCRYPTION)
	@touch $@

# A one-folder application in dist/, then its own self-test (import, match, merge, export, window).
package: $(VENV)/.installed-package
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath build/dist --workpath build/work \
		packaging/steward-workbench.spec
	QT_QPA_PLATFORM=offscreen build/dist/steward-workbench/steward-workbench --self-test
	@echo "Bundle: build/dist/steward-workbench, $$(du -sm build/dist/steward-workbench | cut -f1) MB in $$(find build/dist/steward-workbench -type f | wc -l) files"

clean:
	rm -rf $(VENV) build dist *.egg-info
