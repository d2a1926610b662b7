"""Metric definitions, written once as Ibis expressions over the snapshot tables
(openpathways.analytics.snapshot_schema) and run by any engine (openpathways.analytics.engines).

The published tables and their suppression rules are listed in openpathways.analytics.tables.
"""
