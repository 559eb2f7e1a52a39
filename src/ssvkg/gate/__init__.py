"""Untrusted text: what may run (the SPARQL gate), IRIs and Unicode that are refused."""
