"""Onboarding a new commune: plan (pure), source-of-truth backends, the runbook."""
