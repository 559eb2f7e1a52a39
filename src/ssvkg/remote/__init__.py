"""Remote SPARQL 1.1 stores: load the dataset over the Graph Store Protocol, run queries over HTTP.

Modules: profiles (where each store keeps its URLs), auth (credentials from the
environment or netrc), http (deadlines, retries, faults as one sentence), endpoint
(one store: SPARQL Protocol queries, Graph Store uploads, counts), values
(parameters as a VALUES block), results (answers -> QueryResult, normalized),
loader (staged, verified loads).
"""

from ssvkg.remote.endpoint import Endpoint
from ssvkg.remote.errors import AuthError, EndpointError, LoadError, LoadInterrupted, TruncatedResultError
from ssvkg.remote.loader import LoadReport, load
from ssvkg.remote.profiles import PROFILES, Profile

__all__ = ["Endpoint", "EndpointError", "AuthError", "LoadError", "LoadInterrupted", "TruncatedResultError",
           "LoadReport", "load", "PROFILES", "Profile"]
