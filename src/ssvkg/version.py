"""The package version, apart from ssvkg/__init__.py so that no module imports the package root."""

# A constant, not importlib.metadata (~50 ms at every start); kept equal to
# pyproject.toml's version by tests/engines/test_cold_start.py.
__version__ = "0.1.0"
