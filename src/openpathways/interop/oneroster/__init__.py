"""OneRoster 1.1 / 1.2 CSV: the bindings ' tables, the package reader and the checks."""
