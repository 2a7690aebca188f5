"""`wongrian registry add`: append one well-formed agency to content/registry/agencies.yml.

The entry is added as text at the end of the `agencies:` list (before the next top-level
key), so the file's comments and layout stay as they are; the new text is parsed and
checked like the rest of the registry before anything is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

import yaml

from ..agencies import check_agency_entries
from ..areas import ResolveError
from ..config import load_config
from ..errors import Problems
from ..files import readable
from ..model import AGENCY_LEVELS
from ..thai import ascii_slug
from ..load import NOT_ONE_LINE
from ..yamlsource import load_yaml

KINDS = ("ministry", "department", "provincial_office", "district_office", "local_government",
         "public_org", "state_enterprise", "state_fund", "foundation", "university", "college",
         "hospital", "police", "network", "unit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="registry_command", required=True)
    add = sub.add_parser("add", help="append an agency to the agency registry | เพิ่มหน่วยงานในทะเบียน")
    add.add_argument("--root", default=argparse.SUPPRESS, help="project folder")
    add.add_argument("--name", required=True, help="full Thai name (name_th)")
    add.add_argument("--id", help="ASCII id (default: made from the name)")
    add.add_argument("--alias", action="append", default=[], help="a short name (repeatable)")
    add.add_argument("--former", action="append", default=[], metavar="NAME:YEAR",
                     help="a former name and the last Buddhist-Era year it was used, e.g. สกย.:2558")
    add.add_argument("--holder", action="append", default=[],
                     help="an office holder written for the office, e.g. นายอำเภอ{amphoe}")
    add.add_argument("--level", choices=AGENCY_LEVELS, help="national, province, amphoe …")
    add.add_argument("--kind", choices=KINDS, default="unit", help="kind of agency (default unit)")
    add.add_argument("--parent", help="id of the parent agency")
    add.add_argument("--name-en", default="", help="English name")
    add.add_argument("--source", default="", help="where the name was checked")
    add.add_argument("--status", choices=("checked", "from_memory", "unverified"),
                     default="unverified", help="how sure the entry is (default unverified)")
    from ..cli import bilingual

    bilingual(add, "registry")


def entry_from_args(args: argparse.Namespace) -> tuple[dict, list[str]]:
    """The registry entry the flags describe, and the problems with the flags."""
    problems, former = [], []
    for item in args.former:
        name, _, year = item.rpartition(":")
        if not name or not year.isdigit():
            problems.append(f'--former "{item}": write NAME:YEAR, e.g. สกย.:2558 | '
                            f'เขียนเป็น ชื่อเดิม:ปี พ.ศ. เช่น สกย.:2558')
            continue
        former.append({"name": name.strip(), "until": int(year)})
    entry = {"id": args.id or _new_id(args.name), "name_th": args.name.strip(),
             "aliases_th": [a.strip() for a in args.alias if a.strip()], "former": former,
             "holders_th": [h.strip() for h in args.holder if h.strip()],
             "name_en": args.name_en, "level": args.level, "kind": args.kind,
             "parent": args.parent, "status": args.status, "evidence": args.source}
    return {k: v for k, v in entry.items() if v not in (None, "", [])}, problems


def _new_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", ascii_slug(name).lower()).strip("_") or "new_agency"


def _scalar(value: object) -> str:
    """A YAML scalar: numbers and ASCII words plain, everything else double-quoted (JSON)."""
    if isinstance(value, int) or re.fullmatch(r"[a-z0-9_]+", str(value)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def render_entry(entry: dict) -> str:
    """The entry as block YAML in the registry's own layout ("- id: …" at column 0)."""
    lines = []
    for key, value in entry.items():
        if key == "former":
            items = ", ".join(f"{{name: {_scalar(f['name'])}, until: {f['until']}}}" for f in value)
            lines.append(f"  former: [{items}]")
        elif isinstance(value, list):
            lines.append(f"  {key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"  {key}: {_scalar(value)}")
    lines[0] = "- " + lines[0][2:]
    return "\n".join(lines) + "\n"


def insert_entry(text: str, block: str) -> str:
    """`text` with `block` added as the last item of the top-level `agencies:` list."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"agencies:\s*(#.*)?$", line)), None)
    if start is None:
        raise ValueError("no top-level 'agencies:' list")
    indent = next((m.group(1) for line in lines[start + 1:] for m in [re.match(r"( *)- ", line)] if m), "")
    if indent:  # the list's items are indented: so is the new one
        block = "".join(indent + line if line.strip() else line for line in block.splitlines(keepends=True))
    end = len(lines)
    for index in range(start + 1, len(lines)):
        if re.match(r"[^\s#-]", lines[index]):
            end = index
            break
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    head = "".join(lines[:end])
    if head and not head.endswith("\n"):
        head += "\n"
    return head + "\n" + block + "".join(lines[end:])


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    config_problems = Problems()
    config = load_config(root, config_problems)
    path = root / "content" / "registry" / config.registries["agencies"]
    values = [args.name, args.name_en, args.parent, *args.alias, *args.holder, *args.former]
    if not args.name.strip() or any(NOT_ONE_LINE.search(v or "") for v in values):
        print("--name and the other values: one line of text each, not empty, without control or "
              "text-direction characters | --name และค่าอื่น ต้องเป็นข้อความบรรทัดเดียว ไม่ว่าง "
              "ไม่มีอักขระควบคุม", file=sys.stderr)
        return 1
    outside = Problems()
    if not readable(path, root, outside) and outside.errors:  # as check reads it: inside content/
        print("\n".join(e.format() for e in outside.errors), file=sys.stderr)
        print("nothing was written | ไม่ได้แก้ไฟล์", file=sys.stderr)
        return 1
    entry, problems = entry_from_args(args)
    text = path.read_text(encoding="utf-8") if path.exists() else "agencies:\n"
    try:
        new_text = insert_entry(text, render_entry(entry))
        entries = list((load_yaml(new_text)[0] or {}).get("agencies") or [])
    except (ValueError, yaml.YAMLError, AttributeError):
        print(f"{path.name} has no top-level block list 'agencies:' to add to, that wongrian "
              "check reads without errors | ไม่พบรายการ agencies: ในไฟล์ ที่ wongrian check อ่านได้"
              "โดยไม่มีข้อผิดพลาด", file=sys.stderr)
        return 1
    problems += [f"{fld}: {en} | {th}" + (" — give another with --id | ระบุรหัสอื่นด้วย --id"
                                         if fld == "id" and "duplicate" in en else "")
                 for index, fld, en, th in check_agency_entries(entries)
                 if index == len(entries) - 1 or fld == "id" and entries[index].get("id") == entry["id"]]
    problems += _taken_names(root, entry)
    if problems:
        print("\n".join(dict.fromkeys(problems)), file=sys.stderr)
        print("nothing was written | ไม่ได้แก้ไฟล์", file=sys.stderr)
        return 1
    _write_atomically(path, new_text)
    print(f"{path.relative_to(root).as_posix()}: added {entry['id']} | เพิ่มหน่วยงาน {entry['name_th']}")
    return 0


def _taken_names(root: Path, entry: dict) -> list[str]:
    """Names of the new entry that already mean another agency."""
    from .scaffold import _resolvers

    resolver = _resolvers(root).agencies
    taken = []
    for name in (entry["name_th"], *entry.get("aliases_th", ())):
        if "{" in name:
            continue
        try:
            other = resolver.resolve(name)
        except ResolveError:
            continue
        taken.append(f'name "{name}" already means {other} | ชื่อ "{name}" เป็นของหน่วยงาน {other} แล้ว')
    return taken


def _write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, keeping its permissions and its line endings (CRLF)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    crlf = path.is_file() and b"\r\n" in path.read_bytes()
    if path.is_file():
        mode = stat.S_IMODE(path.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".agencies-", suffix=".yml")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\r\n" if crlf else "\n") as out:
        out.write(text)
    os.chmod(temp, mode)
    os.replace(temp, path)


COMMAND = ("registry", "add an agency to content/registry/agencies.yml (comments kept)",
           add_arguments, run)
