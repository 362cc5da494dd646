"""Files and limits: atomic writes and the size limits every reader enforces."""
