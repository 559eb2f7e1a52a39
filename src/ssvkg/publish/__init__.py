"""Releases: `ssvkg publish` (release), its dumps, description and W3ID rules, and `load --verify` (verify)."""
