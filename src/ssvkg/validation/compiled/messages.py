"""sh:resultMessage of a result, formed as pySHACL forms it.

A shape's own sh:message values win; a SPARQL constraint adds its sh:message values with
{?var} / {$var} replaced by the row's bindings; a shape without any message gets pySHACL's
generic text, made by pySHACL's own constraint component (so it is word for word the same).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.term import BNode


def format_sparql(msg: str, this, path, value, bindings: dict) -> str:
    # pyshacl ConstraintComponent._format_sparql_based_result_message, same order and re.sub.
    fdict = dict(bindings)
    if this is not None:
        fdict["this"] = this
    if path is not None:
        fdict["path"] = path
    if value is not None:
        fdict["value"] = value
    for var, val in fdict.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return msg


def sparql_messages(shape_messages: list, own: list, this, path, value, bindings: dict) -> list:
    """pySHACL's make_v_result for a SPARQL constraint: its messages, then the shape's."""
    out = []
    for m in own:
        if m in shape_messages:
            continue
        out.append(Literal(format_sparql(str(m.value) if isinstance(m, Literal) else str(m), this, path, value,
                                         bindings)) if isinstance(m, Literal) else m)
    for m in shape_messages:
        out.append(Literal(format_sparql(str(m.value), this, path, value, bindings)) if isinstance(m, Literal) else m)
    return out


class GenericMessages:
    """pySHACL's default message for a shape without sh:message."""

    def __init__(self, shapes_graph: Graph, data_namespaces, describe):
        self.shapes_graph = shapes_graph
        self.data_namespaces = list(data_namespaces)
        self.describe = describe  # BNode -> its triples in the data (for pySHACL's [ ... ] text)
        self._sg = None
        self._components: dict = {}

    def _component(self, shape_node, param):
        key = (shape_node, param)
        if key not in self._components:
            from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
            from pyshacl.shapes_graph import ShapesGraph

            if self._sg is None:
                self._sg = ShapesGraph(self.shapes_graph)
                self._sg.shapes  # noqa: B018 - harvests the shapes
            shape = self._sg.lookup_shape_from_node(shape_node)
            self._components[key] = CONSTRAINT_PARAMETERS_MAP[param](shape)
        return self._components[key]

    def _data_graph(self, *nodes) -> Graph:
        g = Graph(bind_namespaces="core")
        for prefix, ns in self.data_namespaces:
            g.bind(prefix, ns, override=True)
        todo, seen = [n for n in nodes if isinstance(n, BNode)], set()
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            for t in self.describe(b):
                g.add(t)
                if isinstance(t[2], BNode):
                    todo.append(t[2])
        return g

    def __call__(self, shape_node, param, focus, value) -> list:
        try:
            comp = self._component(shape_node, param)
            return list(comp.make_generic_messages(self._data_graph(focus, value), focus, value))
        except NotImplementedError:
            return []
