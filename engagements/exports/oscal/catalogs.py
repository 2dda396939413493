"""Compliance catalogs read from OSCAL files (NIST's XML or JSON) into plain data.

Nothing here touches the database: `parse_catalog(path)` returns a ParsedCatalog (the
framework and its items in document order, parents before children) that
`services.catalog_load` stores. Both OSCAL formats are first turned into the same JSON-shaped
dict, so one walker reads NIST CSF 2.0 (XML), the SP 800-53 baselines (JSON) and our own
HIPAA Security Rule file (JSON, fixtures/hipaa_security_rule.json).

Withdrawn items are skipped. OSCAL marks them with a `status` property of "withdrawn"
(SP 800-53 does). NIST's CPRT export of CSF 2.0 carries the CSF 1.1 categories and
subcategories that 2.0 withdrew without any marker; there, a category with an empty
statement and a subcategory without 2.0 implementation examples are the withdrawn ones
(that leaves NIST's published 6 functions, 22 categories and 106 subcategories).
"""

import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.text import slugify

from engagements.models.catalog import CatalogItem, ParsedCatalog
from engagements.models.choices import ControlKind, Requirement

OSCAL_NS = "http://csrc.nist.gov/ns/oscal/1.0"
CPRT_NS = "https://csrc.nist.gov/ns/cprt"
OSCAL_MODELS = (
    "catalog",
    "profile",
    "mapping-collection",
    "component-definition",
    "system-security-plan",
    "assessment-plan",
    "assessment-results",
    "plan-of-action-and-milestones",
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The catalogs that ship with the project (see fixtures/oscal/README.md).
BUNDLED = {
    "csf": FIXTURES / "oscal" / "NIST_CSF_v2.0_catalog.xml",
    "800-53-moderate": FIXTURES
    / "oscal"
    / "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json",
    "hipaa": FIXTURES / "hipaa_security_rule.json",
}

# OSCAL `class` values -> our kinds. Anything else is read from its position in the tree.
KIND_BY_CLASS = {
    "function": ControlKind.FUNCTION,
    "category": ControlKind.CATEGORY,
    "subcategory": ControlKind.SUBCATEGORY,
    "family": ControlKind.FAMILY,
    "sp800-53": ControlKind.CONTROL,
    "sp800-53-enhancement": ControlKind.ENHANCEMENT,
    "safeguard": ControlKind.SAFEGUARD,
    "standard": ControlKind.STANDARD,
    "implementation-specification": ControlKind.SPECIFICATION,
}
# Kinds that only group others: a responsibility is never assigned to them.
GROUPING_KINDS = {
    ControlKind.FUNCTION,
    ControlKind.CATEGORY,
    ControlKind.FAMILY,
    ControlKind.SAFEGUARD,
}

# Long catalog titles, shortened for the framework's code ("nist-csf-2-0").
_CODE_WORDS = [
    (r"\bCybersecurity Framework\b", "CSF"),
    (r"\bSpecial Publication\b", "SP"),
    (r"\bRevision\b", "rev"),
    (r"\bIMPACT BASELINE\b", "baseline"),
]
_INSERT = re.compile(r"{{\s*insert:\s*param,\s*([^}\s]+)\s*}}")


class CatalogError(ValueError):
    """The file is not an OSCAL catalog we can read. The message is one line."""


# -- reading the file ------------------------------------------------------------------------


def parse_catalog(path, *, code: str = "") -> ParsedCatalog:
    """Read an OSCAL catalog (XML or JSON) into plain data. Raises CatalogError."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(f"{path}: no such file.")
    raw = path.read_bytes()
    head = raw.lstrip()[:1]
    if head == b"{":
        document = _read_json(path, raw)
    elif head == b"<":
        document = _read_xml(path, raw)
    else:
        raise CatalogError(f"{path.name} is not an OSCAL catalog (neither JSON nor XML).")
    return _walk(document, source=path.name, code=code)


def _read_json(path: Path, raw: bytes) -> dict:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path.name} is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict) or "catalog" not in data:
        other = next((m for m in OSCAL_MODELS if isinstance(data, dict) and m in data), None)
        if other:
            raise CatalogError(f"{path.name} is an OSCAL {other}, not a catalog.")
        raise CatalogError(f'{path.name} is not an OSCAL catalog (no top-level "catalog").')
    catalog = data["catalog"]
    if not isinstance(catalog, dict):
        raise CatalogError(f'{path.name}: "catalog" is not an object.')
    return catalog


def _read_xml(path: Path, raw: bytes) -> dict:
    try:
        root = SafeET.fromstring(raw)
    except Exception as exc:  # ParseError and defusedxml's refusals alike
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CatalogError(f"{path.name} is not valid XML: {first_line}.") from exc
    if root.tag != _q("catalog"):
        local = root.tag.rsplit("}", 1)[-1]
        if root.tag.startswith("{" + OSCAL_NS) and local in OSCAL_MODELS:
            raise CatalogError(f"{path.name} is an OSCAL {local}, not a catalog.")
        raise CatalogError(f"{path.name} is not an OSCAL catalog (root element <{local}>).")
    return _xml_node(root)


def _q(name: str) -> str:
    return f"{{{OSCAL_NS}}}{name}"


def _xml_props(elem: Element) -> list[dict]:
    return [dict(p.attrib) for p in elem.findall(_q("prop"))]


def _xml_markup(elem: Element) -> str:
    """The prose of a part (paragraphs, lists), with parameter inserts kept as in JSON."""
    blocks = []
    for child in elem:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
            blocks.append(_xml_inline(child))
        elif tag in ("ol", "ul"):
            blocks.extend(_xml_inline(li) for li in child)
    return "\n".join(block for block in blocks if block)


def _xml_inline(elem: Element) -> str:
    text = [elem.text or ""]
    for child in elem:
        if child.tag == _q("insert"):
            text.append("{{ insert: param, " + child.get("id-ref", "") + " }}")
        else:
            text.append(_xml_inline(child))
        text.append(child.tail or "")
    return " ".join("".join(text).split())


def _xml_part(elem: Element) -> dict:
    node = {"id": elem.get("id", ""), "name": elem.get("name", ""), "props": _xml_props(elem)}
    title = elem.find(_q("title"))
    if title is not None:
        node["title"] = _xml_inline(title)
    node["prose"] = _xml_markup(elem)
    node["parts"] = [_xml_part(p) for p in elem.findall(_q("part"))]
    return node


def _xml_param(elem: Element) -> dict:
    node = {"id": elem.get("id", ""), "props": _xml_props(elem)}
    label = elem.find(_q("label"))
    if label is not None:
        node["label"] = _xml_inline(label)
    select = elem.find(_q("select"))
    if select is not None:
        node["select"] = {
            "how-many": select.get("how-many", ""),
            "choice": [_xml_inline(c) for c in select.findall(_q("choice"))],
        }
    return node


def _xml_node(elem: Element) -> dict:
    """A catalog, group or control element as the JSON format would have it."""
    node = {"id": elem.get("id", ""), "props": _xml_props(elem)}
    if elem.get("class"):
        node["class"] = elem.get("class")
    title = elem.find(_q("title"))
    if title is not None:
        node["title"] = _xml_inline(title)
    metadata = elem.find(_q("metadata"))
    if metadata is not None:
        node["metadata"] = {
            "title": _xml_inline(metadata.find(_q("title")))
            if metadata.find(_q("title")) is not None
            else "",
            "version": (metadata.findtext(_q("version")) or "").strip(),
            "props": _xml_props(metadata),
            "remarks": _xml_markup(metadata.find(_q("remarks")))
            if metadata.find(_q("remarks")) is not None
            else "",
        }
    node["params"] = [_xml_param(p) for p in elem.findall(_q("param"))]
    node["parts"] = [_xml_part(p) for p in elem.findall(_q("part"))]
    node["groups"] = [_xml_node(g) for g in elem.findall(_q("group"))]
    node["controls"] = [_xml_node(c) for c in elem.findall(_q("control"))]
    return node


# -- walking the tree ------------------------------------------------------------------------


def _prop(node: dict, name: str, *, plain: bool = False) -> str | None:
    """The first property of that name (plain=True: only one without a class)."""
    for prop in node.get("props") or ():
        if prop.get("name") == name and not (plain and prop.get("class")):
            return str(prop.get("value", ""))
    return None


def _is_cprt(metadata: dict) -> bool:
    return any(prop.get("ns") == CPRT_NS for prop in metadata.get("props") or ())


def _framework_code(title: str) -> str:
    short = title
    for pattern, replacement in _CODE_WORDS:
        short = re.sub(pattern, replacement, short, flags=re.IGNORECASE)
    code = slugify(short.replace(".", "-"))
    if len(code) > 60:
        code = code[:60].rsplit("-", 1)[0]
    return code


def _param_text(param: dict, params: dict) -> str:
    select = param.get("select")
    if select:
        choices = "; ".join(_render(choice, params) for choice in select.get("choice") or ())
        many = " (one or more)" if select.get("how-many") == "one-or-more" else ""
        return f"[Selection{many}: {choices}]"
    label = param.get("label") or param.get("id", "")
    # NIST prints every assignment as "organization-defined ..."; SP 800-53's ODP labels
    # leave those words out.
    if not label.startswith("organization-defined"):
        label = f"organization-defined {label}"
    return f"[Assignment: {label}]"


def _render(prose: str, params: dict) -> str:
    def replace(match):
        param = params.get(match.group(1))
        return _param_text(param, params) if param else "[Assignment]"

    return _INSERT.sub(replace, prose or "")


def _statement(node: dict, params: dict) -> str:
    lines: list[str] = []

    def walk(part: dict, depth: int):
        label = _prop(part, "label", plain=True) or ""
        prose = _render(part.get("prose", ""), params).strip()
        text = " ".join(x for x in (label, prose) if x)
        if text:
            lines.append("  " * depth + text)
        for sub in part.get("parts") or ():
            if sub.get("name") in ("item", "statement"):
                walk(sub, depth + 1 if text else depth)

    for part in node.get("parts") or ():
        if part.get("name") in ("statement", "overview"):
            walk(part, 0)
    return "\n".join(lines)


def _has_part(node: dict, name: str) -> bool:
    return any(part.get("name") == name for part in node.get("parts") or ())


def _withdrawn(node: dict, kind: str, statement: str, cprt: bool) -> bool:
    if (_prop(node, "status") or "").lower() == "withdrawn":
        return True
    if cprt and kind == ControlKind.SUBCATEGORY:
        return not _has_part(node, "example")
    if cprt and kind == ControlKind.CATEGORY:
        return not statement
    return False


def _kind(node: dict, *, is_group: bool, depth: int) -> str:
    kind = KIND_BY_CLASS.get((node.get("class") or "").lower())
    if kind:
        return kind
    if is_group:
        return ControlKind.FAMILY
    return ControlKind.CONTROL if depth == 0 else ControlKind.ENHANCEMENT


def _display_id(node: dict, children: list[dict]) -> str:
    """The label people read, when the catalog gives a usable one; else the OSCAL id."""
    oscal_id = node.get("id", "")
    label = _prop(node, "label", plain=True)
    if label and not any(ch.isspace() for ch in label):
        return label
    # SP 800-53 families ("ac") carry no label; their controls read "AC-1", so read "AC".
    upper = oscal_id.upper()
    if children and all(
        (_prop(c, "label", plain=True) or "").startswith(upper + "-") for c in children
    ):
        return upper
    return oscal_id


def _walk(catalog: dict, *, source: str, code: str = "") -> ParsedCatalog:
    metadata = catalog.get("metadata") or {}
    name = " ".join(str(metadata.get("title") or "").split())
    if not name:
        raise CatalogError(f"{source} is not an OSCAL catalog (its metadata has no title).")
    cprt = _is_cprt(metadata)
    items: list[CatalogItem] = []
    seen: dict[str, str] = {}
    withdrawn = 0

    def visit(node: dict, *, is_group: bool, parent: str | None, depth: int) -> bool:
        """Add the node and its current descendants; False when it is withdrawn."""
        nonlocal withdrawn
        params = {p.get("id"): p for p in node.get("params") or ()}
        params.update(catalog_params)
        kind = _kind(node, is_group=is_group, depth=depth)
        statement = _statement(node, params)
        if _withdrawn(node, kind, statement, cprt):
            withdrawn += 1 + _count_descendants(node)
            return False
        children = list(node.get("groups") or ()) + list(node.get("controls") or ())
        control_id = _display_id(node, children)
        if not control_id:
            raise CatalogError(f"{source}: an item has no id.")
        if control_id in seen:
            raise CatalogError(f"{source}: the id {control_id} appears twice.")
        oscal_id = node.get("id") or control_id
        seen[control_id] = oscal_id
        title = " ".join(str(node.get("title") or "").split())
        if not title or title in (control_id, oscal_id):
            title = statement.split("\n")[0].strip() or control_id
        if len(title) > 300:
            title = title[:299].rsplit(" ", 1)[0] + "…"
        requirement = (_prop(node, "requirement") or "").lower()
        index = len(items)
        items.append(
            CatalogItem(
                control_id=control_id,
                oscal_id=oscal_id,
                title=title,
                kind=kind,
                parent=parent,
                requirement=requirement if requirement in Requirement.values else "",
                statement=statement,
                selectable=False,  # decided once the children are known
                order=index,
            )
        )
        current_children = 0
        for group in node.get("groups") or ():
            current_children += visit(group, is_group=True, parent=control_id, depth=depth + 1)
        for control in node.get("controls") or ():
            child_depth = depth + 1 if not is_group else 0
            current_children += visit(control, is_group=False, parent=control_id, depth=child_depth)
        if cprt and kind == ControlKind.CATEGORY and not current_children:
            # A CSF category whose subcategories were all withdrawn went with them.
            withdrawn += 1
            del items[index:]
            del seen[control_id]
            return False
        selectable = kind not in GROUPING_KINDS and not (
            kind == ControlKind.STANDARD and current_children
        )
        items[index] = _replace(items[index], selectable=selectable)
        return True

    catalog_params = {p.get("id"): p for p in catalog.get("params") or ()}
    for group in catalog.get("groups") or ():
        visit(group, is_group=True, parent=None, depth=0)
    for control in catalog.get("controls") or ():
        visit(control, is_group=False, parent=None, depth=0)
    if not any(item.selectable for item in items):
        raise CatalogError(f"{source}: the catalog has no controls.")
    return ParsedCatalog(
        code=code or _framework_code(name),
        name=name[:200],
        version=str(metadata.get("version") or "")[:60],
        source=source,
        description=" ".join(str(metadata.get("remarks") or "").split()),
        items=tuple(items),
        withdrawn=withdrawn,
    )


def _count_descendants(node: dict) -> int:
    children = list(node.get("groups") or ()) + list(node.get("controls") or ())
    return len(children) + sum(_count_descendants(child) for child in children)


def _replace(item: CatalogItem, **changes) -> CatalogItem:
    return CatalogItem(**{**item.__dict__, **changes})
