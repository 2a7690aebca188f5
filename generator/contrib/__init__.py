"""Contributor tools: live preview (serve, incremental), scaffolding, suggestions, importer."""
