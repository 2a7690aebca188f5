"""Wongrian: Thai learning-circle stories in, a linked Thai website out."""

__version__ = "0.1.0"
