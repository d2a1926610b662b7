"""OneRoster 1.1 / 1.2 CSV: the tables of the bindings, the package reader and the checks."""
