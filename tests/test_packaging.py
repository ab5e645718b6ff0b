"""What a newcomer runs: the README commands, the compose file and the image recipe are consistent."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run.sh test" in readme and "./run.sh demo" in readme
    assert re.search(r"^\./run\.sh test\b", ci, re.M)


def test_compose_wires_the_api_to_neo4j_5() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j, api = spec["services"]["neo4j"], spec["services"]["api"]
    assert neo4j["image"].startswith("neo4j:5")
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    for port in neo4j["ports"] + api["ports"]:
        assert port.startswith("127.0.0.1:"), "nothing is published beyond this machine by default"


def test_dockerfile_copies_what_exists() -> None:
    lines = (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
    stages = {line.split()[-1] for line in lines if re.match(r"FROM \S+ AS \w+$", line)}
    for line in lines:
        if line.startswith("COPY --from="):
            assert line.split()[1].removeprefix("--from=") in stages, line
        elif line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (REPO / src).exists(), src


def test_the_image_serves_the_explorer_from_locally_installed_libraries() -> None:
    recipe = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "npm ci" in recipe, "the explorer's libraries are installed from the lockfile at build time"
    assert re.search(r"^COPY --from=\w+ \S*node_modules \./api/web/node_modules$", recipe, re.M)
    # installed in place: a plain `pip install .` would leave node_modules behind, outside the installed package
    assert 'pip install --no-cache-dir -e ".[native]"' in recipe
    # and compiles the extractor in place, where graph.native looks for the build
    assert "python -m skg.native build" in recipe
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert "api/web/node_modules" in ignored and ".venv" in ignored
