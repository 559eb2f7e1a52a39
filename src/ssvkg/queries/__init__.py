"""The named queries: the catalogue in queries/, their parameters and binding."""
