"""Contributing through git: workflows, pre-commit hook, GitHub annotations, the edit link, and
the guides for contributors (CONTRIBUTING.md, in Thai) and for forks (docs/fork.md)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator import cli
from generator.config import SCHEMA
from generator.feed import html_path
from generator.paths import story_path
from generator.stories import FIELDS

from conftest import ROOT, story_text

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    return flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def commands(flow: dict) -> list[list[str]]:
    """Every `wongrian …` command a workflow runs, as argument lists."""
    found = []
    for step in steps(flow):
        for line in step.get("run", "").splitlines():
            if line.strip().startswith("wongrian "):
                found.append([a for a in shlex.split(line)[1:] if a != "2>&1"])
    return found


# -- workflows -------------------------------------------------------------------------------

@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_pass_schema_validation(schema):
    assert WORKFLOWS
    done = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", schema, *map(str, WORKFLOWS)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pull_request_checks_with_annotations_builds_links_and_attaches_bundle():
    flow = workflow("pull-request.yml")
    assert "pull_request" in triggers(flow)
    runs = [" ".join(c) for c in commands(flow)]
    assert runs == ["check --format github", "build", "linkcheck site", "bundle --site site --out dist"]
    check = next(s for s in steps(flow) if "check --format github" in s.get("run", ""))
    assert "2>&1" in check["run"]  # annotations are read from the step's output
    upload = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "dist/*.zip"
    assert flow["permissions"] == {"contents": "read"}


def test_main_deploys_the_built_site_to_pages():
    flow = workflow("deploy.yml")
    assert triggers(flow)["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [s.get("uses", "") for s in steps(flow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    pages = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site"
    assert [" ".join(c) for c in commands(flow)] == ["check --format github", "build", "linkcheck site"]
    assert flow["jobs"]["deploy"]["needs"] == "build"


# Expressions a pull request's author controls: never inside a `run:` script (script injection).
UNTRUSTED = re.compile(r"\$\{\{[^}]*\b(github\.head_ref|github\.event\.(pull_request|issue|comment|review|"
                       r"review_comment|pages|commits|head_commit)\b)[^}]*\}\}")
PAGES_WRITES = {"pages", "id-token"}


def write_scopes(permissions) -> set[str]:
    """The scopes a `permissions:` value lets the token write ('*' for write-all)."""
    if isinstance(permissions, str):
        return {"*"} if permissions == "write-all" else set()
    return {scope for scope, level in (permissions or {}).items() if level == "write"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_follow_least_privilege(path):
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    on = triggers(flow)
    on = {on: None} if isinstance(on, str) else {name: None for name in on} if isinstance(on, list) else on
    assert "pull_request_target" not in on and "workflow_run" not in on
    top = flow.get("permissions")
    assert isinstance(top, dict) and set(top.values()) <= {"read", "none"}, top  # read-only by default
    for name, job in flow["jobs"].items():
        writes = write_scopes(job.get("permissions"))
        uses = [step.get("uses", "") for step in job.get("steps", [])]
        deploys = any(u.startswith("actions/deploy-pages@") for u in uses)
        assert not writes or (deploys and writes <= PAGES_WRITES and "pull_request" not in on), (name, writes)
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (name, step)
            assert not UNTRUSTED.search(step.get("run", "")), (name, step["run"])
    if "pull_request" in on:
        assert not re.search(r"\$\{\{[^}]*\bsecrets\b", path.read_text(encoding="utf-8"))


def test_least_privilege_rules_catch_a_bad_workflow(tmp_path):
    """The rule above fails on each way a workflow can give contributed code too much."""
    good = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    bad = {
        "target": good.replace("  pull_request:\n", "  pull_request_target:\n"),
        "write": good.replace("permissions:\n  contents: read\n", "permissions:\n  contents: write\n"),
        "write-all": good.replace("permissions:\n  contents: read\n", "permissions: write-all\n"),
        "token kept": good.replace("persist-credentials: false", "persist-credentials: true"),
        "secret": good.replace("run: wongrian build\n", "run: wongrian build\n        env:\n"
                               "          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n"),
        "injection": good.replace("run: wongrian build\n", 'run: echo "${{ github.event.pull_request.title }}"\n'),
    }
    for name, text in bad.items():
        assert text != good, name
        path = tmp_path / f"{name}.yml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(AssertionError):
            test_workflows_follow_least_privilege(path)


def test_every_workflow_command_parses(monkeypatch):
    """The commands exist and take those options (parsed by the real CLI, not run)."""
    seen = []
    fake = lambda args: seen.append(args) or 0  # noqa: E731
    monkeypatch.setattr(cli, "run_check", fake)
    monkeypatch.setattr(cli, "run_build", fake)
    for name in cli.COMMAND_MODULES.values():
        module = __import__(f"generator.{name}", fromlist=["COMMAND"])
        monkeypatch.setattr(module, "COMMAND", (*module.COMMAND[:3], fake))
    found = [c for f in WORKFLOWS for c in commands(yaml.safe_load(f.read_text(encoding="utf-8")))]
    for command in found:
        assert cli.main(command) == 0
    assert len(seen) == len(found) >= 4


# -- GitHub annotations --------------------------------------------------------------------------

def test_check_prints_github_annotations_on_the_lines(tmp_site, capsys):
    root = tmp_site({
        "content/stories/2008/a.md": story_text(agencies=("พชช.",), date="31 ก.พ. 51"),
        "content/stories/2008/b.md": story_text(title="ข", authr="x")})
    assert cli.main(["check", "--format", "github", "--root", str(root)]) == 1
    lines = [x for x in capsys.readouterr().err.splitlines() if x.startswith("::")]
    assert any(x.startswith('::error file=content/stories/2008/a.md,line=7,title=agencies::'
                            'unknown agency "พชช."') for x in lines)
    assert any(x.startswith("::error file=content/stories/2008/a.md,line=3,title=date::") for x in lines)
    assert all(re.match(r"::(error|warning) file=[^,]+(,line=\d+)?,title=[^:]+::.+", x) for x in lines)
    assert any("ไม่รู้จักหน่วยงาน" in x for x in lines)  # the Thai half is in the annotation too


def test_annotation_escapes_newlines_and_percent():
    from generator.errors import ContentError

    text = ContentError("a.md", 2, "title", "50% done\nnext", "ครึ่ง").github()
    assert text == "::error file=a.md,line=2,title=title::50%25 done%0Anext | ครึ่ง"


# -- the edit link -----------------------------------------------------------------------------

def test_story_pages_link_to_their_file_in_the_repository(sample_site):
    config = sample_site.site.config
    for story in sample_site.site.stories[:5]:
        page = HTMLParser((sample_site.out_dir / html_path(story_path(story))).read_text(encoding="utf-8"))
        links = [a for a in page.css("a") if a.text(strip=True) == "แก้ไขบันทึกนี้"]
        assert len(links) == 1
        expected = config.repository["url"].rstrip("/") + "/" + config.repository["edit_uri"].strip("/") \
            + "/" + story.source
        assert links[0].attributes["href"] == expected
        assert story.source.startswith("content/stories/")


def test_edit_link_follows_site_config_and_can_be_hidden(tmp_site):
    from generator.build import check_project, make_docs, make_site

    files = {"content/stories/2008/a.md": story_text()}
    gitlab = tmp_site(files, config=_config(url="https://gitlab.example/net/km", edit_uri="-/edit/dev/"))
    page = _story_markdown(check_project, make_site, make_docs, gitlab)
    assert ('<a class="wr-edit" href="https://gitlab.example/net/km/-/edit/dev/content/stories/2008/a.md">'
            "แก้ไขบันทึกนี้</a>") in page
    hidden = tmp_site(files, config=_config(url="", edit_uri="edit/main/"))
    assert "แก้ไขบันทึกนี้" not in _story_markdown(check_project, make_site, make_docs, hidden)
    odd = tmp_site(files, config=_config(url="https://git.example/a&b", edit_uri="e<x/"))
    page = _story_markdown(check_project, make_site, make_docs, odd)  # escaped in the attribute
    assert 'href="https://git.example/a&amp;b/e&lt;x/content/stories/2008/a.md"' in page


def _config(url: str, edit_uri: str) -> str:
    from conftest import MINIMAL_CONFIG

    return re.sub(r"repository:\n  url: .*\n", f'repository:\n  url: "{url}"\n  edit_uri: "{edit_uri}"\n',
                  MINIMAL_CONFIG)


def _story_markdown(check_project, make_site, make_docs, root: Path) -> str:
    """A story page's Markdown, with its prerendered parts in place."""
    from generator.prerendered import detach

    docs = make_docs(make_site(check_project(root)), features=False)
    markdown, parts = detach(next(text for path, text in docs.pages.items()
                                  if path.startswith("story/")))
    return markdown + "".join(parts.values())


# -- pre-commit --------------------------------------------------------------------------------------

def test_pre_commit_files_are_valid_and_the_hook_is_used_here():
    from pre_commit.clientlib import load_config, load_manifest

    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    [local] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook["id"]]
    for key in ("entry", "files", "pass_filenames", "name", "require_serial"):
        assert local[key] == hook[key], key
    assert hook["entry"] == "wongrian check" and hook["pass_filenames"] is False


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_stops_a_commit_with_a_broken_story(tmp_site, tmp_path):
    root = tmp_site({"content/stories/2008/a.md": story_text()})
    shutil.copy(ROOT / ".pre-commit-config.yaml", root)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    run = lambda *a: subprocess.run(a, cwd=root, env=env, capture_output=True, text=True)  # noqa: E731
    run("git", "init", "-q")
    run("git", "add", ".")
    assert run(str(BIN / "pre-commit"), "run", "--all-files").returncode == 0
    story = root / "content/stories/2008/a.md"
    story.write_text(story.read_text(encoding="utf-8").replace("พช.อำเภอเมือง", "พชช."), encoding="utf-8")
    done = run(str(BIN / "pre-commit"), "run", "--all-files")
    assert done.returncode == 1
    assert 'ไม่รู้จักหน่วยงาน "พชช."' in done.stdout + done.stderr


# -- the guides --------------------------------------------------------------------------------------

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_contributing_is_in_thai_and_covers_what_the_issue_asks():
    thai = len(re.findall(r"[\u0e00-\u0e7f]", CONTRIBUTING))
    assert thai > len(re.findall(r"[A-Za-z]", CONTRIBUTING))
    assert CONTRIBUTING.startswith("# การเขียนบันทึกเข้าคลังความรู้")
    for needed in ("Create new file", "Propose changes", "Create pull request", "Files changed",
                   "Artifacts", "แก้ไขบันทึกนี้", "agencies.yml", "villages.yml",
                   "ข้อมูลรายครัวเรือน", "เลขประจำตัวประชาชน", "เบอร์โทรศัพท์", "ชื่อบุคคลทั่วไป"):
        assert needed in CONTRIBUTING, needed


def test_contributing_documents_every_front_matter_field():
    for field in FIELDS:
        assert f"`{field}`" in CONTRIBUTING, field


def test_contributing_quotes_the_real_error_messages():
    """Each Thai message the guide explains is one the code can print."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py"))
    quoted = re.findall(r"^\| `([^`]+)`", CONTRIBUTING, flags=re.M)
    assert len(quoted) >= 15
    for message in quoted:
        words = [w for w in re.split(r'"[^"]*"|…|\d+|[–—]', message) if re.search(r"[\u0e00-\u0e7f]{3}", w)]
        for fragment in words:
            core = max(re.findall(r"[\u0e00-\u0e7f ]{3,}", fragment), key=len).strip()
            assert core in code, (message, core)


def test_contributing_template_passes_check(tmp_site):
    from generator.build import check_project

    template = re.search(r"```markdown\n(.*?)```", CONTRIBUTING, re.S).group(1)
    root = tmp_site({"content/stories/2008/2008-05-03-template.md": template})
    checked = check_project(root, strict=True)
    assert [s.title for s in checked.stories] == ["วงเรียนรู้คุณอำนวยตำบลท่าซัก ครั้งแรก"]


def test_fork_guide_documents_every_site_config_setting():
    text = (ROOT / "docs" / "fork.md").read_text(encoding="utf-8")
    for section, keys in SCHEMA.items():
        for key in keys:
            assert f"`{section}.{key}`" in text, f"{section}.{key}"
    assert "Source: GitHub Actions" in text and "pull-request.yml" in text
