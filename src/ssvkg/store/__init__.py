"""Where the triples live: engines (Oxigraph, rdflib), the on-disk cache, loading files."""
