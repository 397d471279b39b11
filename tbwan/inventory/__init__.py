"""The source of truth: models, files, IP plan, Nornir inventory plugins."""
