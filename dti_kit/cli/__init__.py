"""The ``dti-kit`` command line."""
from dti_kit.cli.main import main

__all__ = ["main"]
