"""`ssvkg serve`: the graph as a read-only web site, REST API and SPARQL endpoint.

Needs the `web` extra (starlette, uvicorn, jinja2): pip install 'ssvkg[web]'.
create_app(engine) builds the ASGI app; server.serve runs it with uvicorn.
"""
