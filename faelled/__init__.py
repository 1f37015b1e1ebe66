"""Fælled — an open data commons for municipalities."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("faelled")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"
