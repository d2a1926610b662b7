"""Analytics dashboards (Django side): the snapshot they read, cached published tables, the views'
data and their exports. The metric definitions live in `openpathways.analytics` (no Django)."""
