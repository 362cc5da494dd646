"""Documents: the saved file format, the built-in examples, recipes and programs as graphs."""
