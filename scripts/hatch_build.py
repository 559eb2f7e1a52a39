"""Hatch build hook: put the repo's data folders into the wheel as ssvkg/data/."""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA_DIRS = ("ontology", "graph", "shapes", "queries")


class DataBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        # Editable installs read the repo folders directly (see ssvkg.project).
        if version == "editable":
            return
        root = Path(self.root)
        for name in DATA_DIRS:
            if (root / name).is_dir():
                build_data["force_include"][str(root / name)] = f"ssvkg/data/{name}"
