"""Tests that untrusted SPARQL and SHACL never reach the network (issue 11)."""
