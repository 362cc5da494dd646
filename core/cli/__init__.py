"""The command line: trace, check and train, their options and the helpers they share."""
