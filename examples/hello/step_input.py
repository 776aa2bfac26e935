"""What the hello example's command steps share: finding the file an input stands for.

Imported by profile_column.py and count_species.py (the steps list it under code:, so editing it changes their
cache keys).
"""
import os
import sys


def single_file(path):
    """An input arrives as a file, or as a folder holding one file."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if not n.startswith("."))
        if len(names) != 1:
            sys.exit(f"expected one file in {path}, found {names}")
        return os.path.join(path, names[0])
    return path
