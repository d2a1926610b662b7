"""Ed-Fi Data Standard 5.x: streaming XML reading, descriptor maps and the writes of an import.

See docs/interop/edfi.md for every mapping rule."""
