"""SHACL validation with file and line: reading inputs, running, meta-checks."""
