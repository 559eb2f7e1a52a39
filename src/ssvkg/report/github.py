"""GitHub Actions workflow commands: ::error file=…,line=…,title=…::message.

Severity maps to the command: Violation -> error, Warning -> warning, Info -> notice.
Values are escaped as GitHub's toolkit does (%, CR, LF; and : , in properties).
"""

from __future__ import annotations

from ssvkg.report.common import summary, title

COMMAND = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, fail_on: str = "violation", **_) -> str:
    lines = []
    for i in result.issues:
        props = []
        if i.file:
            props.append(f"file={_prop(i.file)}")
            if i.line:
                props.append(f"line={i.line}")
            if i.column:
                props.append(f"col={i.column}")
        props.append(f"title={_prop(f'ssvkg {i.check}: {i.severity}')}")
        lines.append(f"::{COMMAND.get(i.severity, 'error')} {','.join(props)}::"
                     f"{_data(title(i, result.namespaces))}")
    verdict = "conforms" if result.conforms else f"does not conform ({summary(result)})"
    lines.append(f"ssvkg validate: the data {verdict}.")
    return "\n".join(lines) + "\n"
