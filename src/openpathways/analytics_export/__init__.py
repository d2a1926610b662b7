"""Writes the analytic snapshot (openpathways.analytics.snapshot_schema) from the application
database: the only place where the analytics meet Django. See docs/metrics/README.md."""
