"""The web editor at `admin/`: a Decap CMS configuration generated from the story schema and
the registries, so that the editor offers exactly what `wongrian check` accepts.

`editor_config` is pure (config and registries in, a dict out); `admin_files` adds the vendored
editor (theme/admin/) and writes the files a web build serves under admin/. The offline bundle
leaves admin/ out (bundle.UNUSED).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..config import SiteConfig
from ..errors import Problems
from ..files import ASSET_TYPES
from ..indicators.model import COMPONENT_TH, COUNT_TH, GRADED, GRADES
from ..dates import MONTHS
from ..load import load_stories
from ..model import AREA_LEVELS, CIRCLE_WORDS, CIRCLES, ROLES
from ..registry import Resolvers
from ..stories import FIELDS, SLUG
from ..contrib.scaffold import TEMPLATE
from ..contrib.suggest import Suggester

ADMIN_DIR = Path(__file__).resolve().parents[2] / "theme" / "admin"
VENDORED = ("decap-cms.js", "decap-cms.js.LICENSE.txt", "LICENSE-decap-cms.txt",
            "decap-locale-th.js", "yaml.min.js", "LICENSE-yaml.txt", "wongrian-admin.js",
            "wongrian-admin.css", "index.html")
STORIES_FOLDER = "content/stories"
FORMAT = "wongrian-frontmatter"  # registered by wongrian-admin.js: keeps comments and order

# Every front-matter key: its Thai label and hint, in the order of `wongrian new`'s template.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("ชื่อบันทึก", "ชื่อเรื่องภาษาไทย เช่น วงเรียนรู้คุณอำนวยตำบลท่าซัก ครั้งแรก"),
    "slug": ("ชื่อไฟล์ (อักษรอังกฤษ)",
             "บันทึกใหม่ต้องใส่: อักษรอังกฤษตัวเล็กและตัวเลข คั่นด้วย - เช่น tha-sak-first-circle "
             "ใช้เป็นชื่อไฟล์และที่อยู่หน้าเว็บ ตั้งแล้วไม่ควรเปลี่ยน"),
    "date": ("วันที่", "วันที่จัดวงหรือวันที่เขียน เลือกจากปฏิทิน (ปี ค.ศ. = พ.ศ. − 543) "
                       "หน้าเว็บจะแสดงเป็น พ.ศ."),
    "circle": ("ระดับวง", "วงเรียนรู้ระดับใด"),
    "roles": ("บทบาทในวง", "บทบาทที่อยู่ในวงหรือของผู้เขียน เลือกได้หลายข้อ"),
    "author": ("ผู้เขียน", "ใช้บทบาทและหน่วยงาน ไม่ใช้ชื่อบุคคล เช่น คุณอำนวย พช.อำเภอเมือง"),
    "agencies": ("หน่วยงาน", "พิมพ์ชื่อย่อหรือต้นชื่อ เช่น พช. กศน. อบต.ท่าซัก แล้วเลือกจากรายการ"),
    "areas": ("พื้นที่", "พิมพ์ชื่อตำบล อำเภอ หรือ หมู่ที่ แล้วเลือก (ชื่อซ้ำกันให้ดูชื่ออำเภอในวงเล็บ)"),
    "tags": ("ป้ายกำกับ", "คำสำคัญ คั่นด้วยจุลภาค เช่น บัญชีครัวเรือน, แก้จนเมืองนคร"),
    "summary": ("สรุปสั้น ๆ", "หนึ่งถึงสองประโยค ใช้แสดงในรายการและเมื่อแชร์ลิงก์"),
    "series": ("ชุดบันทึก", "ถ้าบันทึกนี้เป็นตอนหนึ่งของเรื่องหลายตอน"),
    "draft": ("ฉบับร่าง", "เปิดไว้ = ยังไม่เผยแพร่บนเว็บ"),
    "updated": ("วันที่แก้ไขล่าสุด", "เว้นว่างได้"),
    "source": ("ที่มา", "สำหรับบันทึกที่นำเข้าจากที่อื่น เช่น gotoknow:180345 (เว้นว่างได้)"),
    "review": ("รอตรวจ", "เปิดไว้เมื่อยังต้องมีคนตรวจหน่วยงานและพื้นที่ที่ระบบเสนอ"),
    "indicators": ("ผลประเมินชุมชน", "ระดับ A B C ของแต่ละองค์ประกอบ ตามที่บันทึกนี้รายงาน"),
}
BODY = ("เรื่องเล่า", "เขียนเรื่องเล่าของวงเรียนรู้ ใส่รูปได้ด้วยปุ่มรูปภาพ (รูปจะเก็บไว้ข้างไฟล์บันทึก)")
SERIES_FIELDS = (("id", "รหัสชุด (อักษรอังกฤษ)", "เช่น km-proposals ใช้ร่วมกันทุกตอน"),
                 ("part", "ตอนที่", ""), ("total", "จำนวนตอนทั้งหมด", ""),
                 ("title", "ชื่อชุด", "เช่น ข้อเสนอเชิงระบบ"))
FLOW_KEYS = ("roles", "agencies", "areas", "tags")  # written [a, b] like `wongrian new`
SLUG_PATTERN = "^" + SLUG.pattern + "$"
DATE_FORMAT = "YYYY-MM-DD"


def editor_settings(config: SiteConfig) -> dict[str, Any]:
    """The `editor:` section, with the repository taken from repository.url when left out."""
    settings = dict(config.editor)
    if not settings.get("repo"):
        found = re.match(r"https?://(?:www\.)?github\.com/([^/]+/[^/#?]+?)(?:\.git)?/?$",
                         config.repository.get("url", ""))
        settings["repo"] = found.group(1) if found else ""
    return settings


# -- options from the registries (pure) ---------------------------------------------------------

def agency_options(resolvers: Resolvers) -> list[dict[str, str]]:
    """The agency options sorted by label (see `agency_choices`)."""
    return sorted(agency_choices(resolvers).values(), key=lambda o: o["label"])


def agency_choices(resolvers: Resolvers) -> dict[str, dict[str, str]]:
    """Every agency and every local unit of a templated agency, as id → {label, value}: the value is
    a name `wongrian check` resolves to that agency; the label adds the abbreviation and aliases,
    so that typing พช. finds สำนักงานพัฒนาชุมชน…."""
    suggester, registry = Suggester(resolvers), resolvers.registry
    options: dict[str, dict[str, str]] = {}
    for agency in sorted(registry.agencies.values(), key=lambda a: a.id):
        if agency.placeholder:
            for area in sorted(registry.areas.values(), key=lambda a: a.id):
                if area.level == agency.placeholder:
                    choice = suggester.unit_choice(agency, area)
                    _add_option(options, resolvers.agencies.resolve, choice.write, choice.id,
                                _aliases_label(choice.label, _unit_aliases(agency, area)))
            continue
        choice = suggester.agency_choice(agency)
        _add_option(options, resolvers.agencies.resolve, choice.write, agency.id,
                    _aliases_label(choice.label, (*agency.aliases, *agency.former)))
    return options


def _unit_aliases(template, area) -> tuple[str, ...]:
    """'พช.อำเภอ' + 'ทุ่งสง': the short forms people write for a local unit."""
    place = area.name_th
    found = []
    for alias in template.aliases:
        if "{" in alias:
            found.append(re.sub(r"\{(amphoe|tambon)\}", place, alias))
        else:
            found.append(alias + place)
    return tuple(found)


def area_options(resolvers: Resolvers) -> list[dict[str, str]]:
    """The area options, province first, then amphoe, tambon, village (see `area_choices`)."""
    return list(area_choices(resolvers).values())


def area_choices(resolvers: Resolvers) -> dict[str, dict[str, str]]:
    """Every area of the site's provinces as id → {label, value}: the value is the area with its
    amphoe ('ต.ปากแพรก อ.ทุ่งสง'), so names that repeat stay apart; the label adds aliases and
    the official code."""
    registry = resolvers.registry
    options: dict[str, dict[str, str]] = {}
    order = {level: n for n, level in enumerate(AREA_LEVELS)}
    for area in sorted(registry.areas.values(), key=lambda a: (order[a.level], a.id)):
        value = resolvers.areas.full_label(area.id)
        label = _aliases_label(f"{value} (รหัส {area.id})", area.aliases)
        _add_option(options, resolvers.areas.resolve, value, area.id, label)
    return options


def _aliases_label(label: str, aliases) -> str:
    label = re.sub(r"^(\S+) \(\1\)", r"\1", label)  # 'กศน.ตำบลx (กศน.ตำบลx)' says it once
    extra = [a for a in dict.fromkeys(aliases) if a and "{" not in a and a not in label]
    return f"{label} — {', '.join(extra)}" if extra else label


def _add_option(options: dict, resolve, value: str, wanted: str, label: str) -> None:
    """Keep an option only when its value resolves back to what it stands for (else the id)."""
    try:
        found = resolve(value)
    except ValueError:
        found = None
    if found != wanted:
        value = wanted
    options.setdefault(wanted, {"label": label, "value": value})


def written_options(written, resolve, choices: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """References older stories wrote that are no option themselves ('พช.อำเภอเมือง'): each
    becomes an option labelled with what it resolves to, so that editing the story keeps it."""
    label_of = {found: option["label"].split(" — ")[0] for found, option in choices.items()}
    known, extra = {o["value"] for o in choices.values()}, []
    for text in sorted(set(written) - known):
        try:
            found = resolve(text)
        except ValueError:
            continue
        if found in label_of:
            extra.append({"label": f"{text} → {label_of[found]}", "value": text})
    return extra


def template_comments() -> dict[str, str]:
    """The comment above each key in `wongrian new`'s template, for files the editor creates."""
    comments, last = {}, ""
    for line in TEMPLATE.splitlines():
        key = re.match(r"([a-z_]+):", line)
        if key and last:
            comments[key.group(1)] = last
        last = line if line.startswith("#") else ""
    return comments


def written_agencies(resolvers: Resolvers) -> dict[str, str]:
    """Names, abbreviations and misspellings as stories write them → the agency's Thai name
    (so that the preview of an older story shows 'สาสุข' as กระทรวงสาธารณสุข)."""
    agencies, found = resolvers.agencies, {}
    for key, ids in sorted(agencies.names.items()):
        if len(ids) == 1 and not agencies.agencies[next(iter(ids))].placeholder:
            found[agencies.shown[key]] = agencies.agencies[next(iter(ids))].name_th
    return found


def names_map(agencies: list[dict[str, str]], areas: list[dict[str, str]],
              max_file_mb: int, written: dict[str, str] | None = None) -> dict[str, Any]:
    """What wongrian-admin.js needs: the names the preview shows for stored values, and how a
    new file is laid out (key order, flow lists and comments as `wongrian new` writes them)."""
    short = lambda label: label.split(" — ")[0].split(" → ")[-1]  # noqa: E731
    return {"agencies": {**(written or {}), **{o["value"]: short(o["label"]) for o in agencies}},
            "areas": {o["value"]: short(o["label"]).split(" (รหัส")[0] for o in areas},
            "circles": dict(CIRCLES), "order": list(LABELS), "flow": list(FLOW_KEYS),
            "comments": template_comments(), "max_file_bytes": max_file_mb * 1024 * 1024,
            "file_types": sorted(ASSET_TYPES),  # what check publishes beside a story
            "months": dict(MONTHS), "circle_words": dict(CIRCLE_WORDS)}


# -- the Decap configuration (pure) ---------------------------------------------------------------

def _field(name: str, widget: str, required: bool = False, **extra: Any) -> dict[str, Any]:
    label, hint = LABELS[name]
    found = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        found["hint"] = hint
    return {**found, **extra}


def _select(name: str, options: list, multiple: bool = False, required: bool = False) -> dict:
    return _field(name, "select", required, options=options, multiple=multiple)


def indicator_field(areas: list[dict[str, str]]) -> dict[str, Any]:
    """`indicators:` items: the unit (a tambon or village), the BE fiscal year (left out, the
    story's own), grades and counts."""
    grades = [{"label": g, "value": g} for g in GRADES]
    items = [{"name": "area", "label": "หมู่บ้านหรือตำบล", "widget": "select", "options": areas},
             {"name": "period", "label": "ปีงบประมาณ (พ.ศ.)", "widget": "number",
              "value_type": "int", "min": 2500, "max": 2700, "required": False}]
    items += [{"name": c, "label": COMPONENT_TH[c], "widget": "select", "options": grades,
               "required": False} for c in GRADED]
    items += [{"name": c, "label": COUNT_TH[c], "widget": "number", "value_type": "int",
               "min": 0, "required": False} for c in COUNT_TH]
    return _field("indicators", "list", summary="{{fields.area}} {{fields.period}}",
                  collapsed=True, fields=items)


def story_fields(resolvers: Resolvers, written: dict[str, list[str]] | None = None
                 ) -> list[dict[str, Any]]:
    """A field for every front-matter key, then the body; `written` has the agency and area
    references existing stories use (kept selectable)."""
    written = written or {}
    agency_ids, area_ids = agency_choices(resolvers), area_choices(resolvers)
    agencies = sorted(agency_ids.values(), key=lambda o: o["label"])
    agencies += written_options(written.get("agencies", ()), resolvers.agencies.resolve, agency_ids)
    areas = list(area_ids.values())
    areas += written_options(written.get("areas", ()), resolvers.areas.resolve, area_ids)
    units = {i: o for i, o in area_ids.items()  # what a reading may be about (stories.py)
             if resolvers.registry.areas[i].level in ("tambon", "village")}
    units_written = written_options(written.get("areas", ()), resolvers.areas.resolve, units)
    pattern = [SLUG_PATTERN, "ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ - เท่านั้น | lower-case ASCII and -"]
    date = {"format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False}
    fields = {
        "title": _field("title", "string", True),
        "slug": _field("slug", "string", False, pattern=pattern),  # older stories have none
        "date": _field("date", "datetime", True, **date),
        "circle": _select("circle", [{"label": t, "value": c} for c, t in CIRCLES.items()],
                          required=True),
        "roles": _select("roles", list(ROLES), multiple=True),
        "author": _field("author", "string", True, default="คุณอำนวย"),
        "agencies": _select("agencies", agencies, multiple=True),
        "areas": _select("areas", areas, multiple=True),
        "tags": _field("tags", "list", allow_add=True),
        "summary": _field("summary", "text"),
        "series": _field("series", "object", collapsed=True, fields=[
            {"name": n, "label": label, "widget": "number" if n in ("part", "total") else "string",
             "required": False, **({"hint": hint} if hint else {}),
             **({"value_type": "int", "min": 1} if n in ("part", "total") else {}),
             **({"pattern": pattern} if n == "id" else {})} for n, label, hint in SERIES_FIELDS]),
        "draft": _field("draft", "boolean", default=False),
        "updated": _field("updated", "datetime", default="", **date),
        "source": _field("source", "string"),
        "review": _field("review", "boolean"),
        "indicators": indicator_field([*units.values(), *units_written]),
    }
    assert set(fields) == set(FIELDS), "every front-matter key needs an editor field"
    body = {"name": "body", "label": BODY[0], "hint": BODY[1], "widget": "markdown",
            "sanitize_preview": True, "modes": ["rich_text", "raw"]}
    return [*fields.values(), body]


def backend(settings: dict[str, Any]) -> dict[str, Any]:
    """Decap's `backend:` section: the git host, repository and branch (and OAuth proxy)."""
    found = {"name": settings["backend"], "repo": settings["repo"], "branch": settings["branch"],
             "commit_messages": {"create": "เพิ่มบันทึก {{slug}} (web editor)",
                                 "update": "แก้ไขบันทึก {{slug}} (web editor)",
                                 "delete": "ลบบันทึก {{slug}} (web editor)",
                                 "uploadMedia": "เพิ่มไฟล์ {{path}} (web editor)",
                                 "deleteMedia": "ลบไฟล์ {{path}} (web editor)"}}
    for key in ("base_url", "auth_endpoint"):
        if settings.get(key):
            found[key] = settings[key]
    return found


def editor_config(config: SiteConfig, resolvers: Resolvers,
                  written: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The whole Decap configuration (admin/config.yml) for this project."""
    settings = editor_settings(config)
    found: dict[str, Any] = {"backend": backend(settings), "locale": "th"}
    if settings["local_backend"]:
        found["local_backend"] = {"url": f"http://localhost:{settings['local_backend_port']}/api/v1"}
    elif settings["editorial_workflow"]:  # each story becomes a pull request, so the checks run
        found["publish_mode"] = "editorial_workflow"
    if config.site.get("url"):
        found["site_url"] = config.site["url"]
    found.update({
        "media_folder": "content/stories", "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": "stories", "label": "บันทึกวงเรียนรู้", "label_singular": "บันทึก",
            "description": "บันทึกวงเรียนรู้ทั้งหมด เรียงตามวันที่ ใหม่สุดก่อน",
            "folder": STORIES_FOLDER, "extension": "md", "format": FORMAT,
            "create": True, "delete": False,
            # <CE year>/<iso-date>-<slug>.md, as `wongrian new` names it ({{year}}: of `date`)
            "path": "{{year}}/{{slug}}", "slug": "{{fields.date}}-{{fields.slug}}",
            "media_folder": "", "public_folder": "",
            "summary": "{{title}} — {{fields.date}}",
            "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],  # as described
            "view_filters": [{"label": "ฉบับร่าง", "field": "draft", "pattern": True}],
            "identifier_field": "title",
            "fields": story_fields(resolvers, written),
        }],
    })
    return found


def config_yaml(found: dict[str, Any]) -> str:
    """The configuration as YAML (every registry string quoted by the dumper as needed)."""
    head = "# Generated by wongrian build from the registries and the story schema: do not edit.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 20 times faster
    return head + yaml.dump(found, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


# -- files (the one step that reads the disk) -------------------------------------------------------

def written_references(root: Path) -> dict[str, list[str]]:
    """Every agency and area reference as the project's stories write them."""
    found: dict[str, list[str]] = {"agencies": [], "areas": []}
    for raw in load_stories(root, Problems()):
        for key, values in found.items():
            value = raw.meta.get(key)
            values += [str(v) for v in (value if isinstance(value, list) else [value]) if v]
    return found


def admin_files(config: SiteConfig, resolvers: Resolvers) -> dict[str, bytes]:
    """Every file of admin/: the vendored editor, its configuration and the names map."""
    found = editor_config(config, resolvers, written_references(config.root))
    fields = {f["name"]: f for f in found["collections"][0]["fields"]}
    names = names_map(fields["agencies"]["options"], fields["areas"]["options"],
                      config.editor["max_file_mb"], written_agencies(resolvers))
    files = {f"admin/{name}": (ADMIN_DIR / name).read_bytes() for name in VENDORED}
    files["admin/config.yml"] = config_yaml(found).encode("utf-8")
    files["admin/names.json"] = json.dumps(names, ensure_ascii=False, sort_keys=True,
                                           indent=0).encode("utf-8")
    return files
