"""Tests against real triple stores (Oxigraph, Virtuoso) and a fault-injecting HTTP server."""
