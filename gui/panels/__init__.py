"""Dock panels of the main window; each one shows core results and computes nothing itself."""
