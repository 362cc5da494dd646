"""Training: the trainer, its optimisers and stopping rules, data tables, datasets, networks."""
