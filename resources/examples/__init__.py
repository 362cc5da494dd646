"""The lecture's example documents, package data found by core/documents/examples.py."""
