# Two entry points for researchers: `make figures` and `make test`.
# The first use creates .venv and installs the package into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
lang ?= en

.PHONY: figures test bench bench-dask corpus lab notebooks clean-cache

figures: $(STAMP)
	$(PY) -m analysis run --lang $(lang)

test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m analysis.bench run $(if $(plans),--sizes $(plans))

# The client's memory on a dask LocalCluster of 2 workers at 500 and 2,000 plans, checked against one process (about 25 minutes).
bench-dask: $(STAMP)
	$(PY) -m analysis.bench dask $(if $(plans),--sizes $(plans))

corpus: $(STAMP)
	$(PY) -m analysis corpus

# Open the notebooks in JupyterLab (the .py files are their jupytext pairs).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

# After editing a notebook's .py pair (or the .ipynb), bring the other in step.
notebooks: $(STAMP)
	$(VENV)/bin/jupytext --sync notebooks/*.ipynb

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean-cache:
	rm -rf .cache
