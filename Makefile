# Two commands: `make demo` (set up and serve the demo county), `make test` (set up and run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export QINGFENG_HOME ?= $(CURDIR)/var

.PHONY: install demo test test-spark system-packages bench messages

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-test.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

# The demo prints reports, bulletins and posters: CJK fonts (installed when missing and root).
demo: install
	-@scripts/ensure-system-packages --fonts
	QINGFENG_REQUIRE_2FA=0 $(BIN)/qingfeng demo --port $(PORT)

# Browser tests need Debian's Chromium and CJK fonts; installs them when missing (root only).
system-packages:
	@scripts/ensure-system-packages

test: install system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The rule case tables and the differential test on Apache Spark local mode (needs Java 17).
test-spark: install
	$(BIN)/python -m pytest -m spark tests/engine $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.bench_web $(BENCH_WEB_ARGS)
	$(BIN)/python -m bench.bench_ledger $(BENCH_LEDGER_ARGS)

# Refresh the English translation catalogue after changing UI strings (msgids are Chinese).
messages: install
	cd qingfeng && ../$(BIN)/django-admin makemessages -l en --settings=qingfeng.web.settings --ignore=engine
	cd qingfeng && ../$(BIN)/django-admin compilemessages -l en --settings=qingfeng.web.settings
