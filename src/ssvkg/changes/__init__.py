"""Changes of facts between two versions of the graph: in words (Markdown) and as an RDF Patch.

    old = read_version("v0.1.0", repo)   # a project folder, a dump file or a git revision
    new = read_version(".", repo)
    changes = compare(old, new)
    changes_markdown(changes, "v0.1.0", "working tree"), rdf_patch(changes)
    write_changelog(old_spec, new_spec, "CHANGES.md", patch_path="changes.rdfp")  # for publish
"""

from ssvkg.changes.compare import Changes, compare
from ssvkg.changes.patch import apply_patch, rdf_patch
from ssvkg.changes.read import DUMP_SUFFIXES, read_version
from ssvkg.changes.words import changes_markdown
from ssvkg.changes.write import write_changelog

__all__ = ["DUMP_SUFFIXES", "Changes", "apply_patch", "changes_markdown", "compare", "rdf_patch",
           "read_version", "write_changelog"]
