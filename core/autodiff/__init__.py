"""Automatic differentiation: the ops, the graph IR, the engine, traces and compiled plans."""
