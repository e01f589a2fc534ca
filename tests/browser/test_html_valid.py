"""Every HTML file of the built site passes the Nu Html Checker (the W3C validator) without errors."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit


def test_nu_html_checker_reports_no_errors(served_site, vnu_command):
    run = subprocess.run([*vnu_command, "--errors-only", "--format", "json", "--skip-non-html", str(served_site.root)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]  # vnu writes its report to stderr
    errors = [f"{where(m.get('url', ''), served_site.root)}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
    assert run.returncode == 0, run.stdout + run.stderr


def where(url: str, root: Path) -> str:
    """The checked file relative to the site folder (vnu names it by a file: URL)."""
    path = Path(unquote(urlsplit(url).path))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else url
