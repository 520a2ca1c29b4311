"""Prefect plumbing shared by the flows and the CLI: process settings, the early temporary server,
progress lines."""
