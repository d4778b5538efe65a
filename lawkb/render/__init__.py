"""Turning answers into documents and documents into terminal output (the only place besides console.py that uses rich)."""
