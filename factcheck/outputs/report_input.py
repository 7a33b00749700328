"""report.json (and check.json) read back as input: one check for every command that does.

``verdict`` and ``learn`` need the flags' ids (and fingerprints, evidence); ``export`` and
``review`` also the passages each flag names (``passages=True``). A report that is not what
``factcheck run`` writes, say ``{"flags": [1]}`` or a flag whose ``id`` is a list, is a
``StoreError`` naming the file and the item (``out/report.json: flag 1 is not an object (a
JSON number)``): exit status 2, never a traceback. Fields a report lacks are not errors (a
hand-made report with only ``flags`` and their ``id`` is enough for ``verdict`` and ``learn``);
a field present with the wrong type is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from factcheck.errors import StoreError
from factcheck.files import read_regular

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true or false", int: "a number",
               float: "a number", type(None): "null"}
# Optional fields: what each must be when present (None allowed where listed).
_FLAG_FIELDS: dict[str, tuple[type, ...]] = {
    "a": (str,), "b": (str,), "a_quantity": (int,), "b_quantity": (int,), "kind": (str,),
    "measure": (str,), "reason": (str, type(None)), "fingerprint": (str, type(None)),
    "evidence": (dict, type(None)), "similarity": (int, float, type(None)), "confidence": (int, float, type(None)),
}
_CLAIM_FIELDS: dict[str, tuple[type, ...]] = {"article_id": (str,), "text": (str,), "quantities": (list,),
                                              "line": (int, type(None))}
_QUANTITY_FIELDS: dict[str, tuple[type, ...]] = {"start": (int,), "end": (int,), "text": (str,)}
_ARTICLE_FIELDS: dict[str, tuple[type, ...]] = {"path": (str,), "title": (str, type(None)), "date": (str, type(None))}


def read_report(path: str | Path, passages: bool = False) -> dict[str, Any]:
    """The report at ``path``, checked; ``StoreError`` says what is wrong and where.

    With ``passages``, every flag must name claims the report lists, and figures those claims hold.
    """
    path = Path(path)
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: no report here. Run `factcheck run` first, or pass --report.") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read the report ({e.strerror}) — pass --report a report.json") from None
    except (UnicodeDecodeError, RecursionError, ValueError) as e:  # JSONDecodeError is a ValueError
        raise StoreError(f"{path}: not a readable report.json ({str(e)[:120]}); run `factcheck run` first") from None
    check_report(data, str(path), passages)
    return data  # type: ignore[no-any-return]


def check_report(data: Any, where: str, passages: bool = False) -> None:
    """``StoreError`` unless ``data`` has report.json's shape (see ``read_report``)."""
    if not isinstance(data, dict):
        _fail(where, f"is {_kind(data)}, not a report (an object with a \"flags\" list)")
    if not isinstance(data.get("flags"), list):
        _fail(where, "not a factcheck report (no \"flags\" list)")
    claims = _items(data, "claims", "claim", where, _CLAIM_FIELDS)
    for i, c in enumerate(claims, 1):
        for j, q in enumerate(c.get("quantities", []), 1):
            if not isinstance(q, dict):
                _fail(where, f"claim {i}: figure {j} is not an object ({_kind(q)})")
            _fields(q, _QUANTITY_FIELDS, where, f"claim {i}: figure {j}")
    _items(data, "articles", "article", where, _ARTICLE_FIELDS)
    flags = _items(data, "flags", "flag", where, _FLAG_FIELDS)
    if not passages:
        return
    by_id = {c["id"]: c for c in claims}
    for i, f in enumerate(flags, 1):
        for side in ("a", "b"):
            claim = by_id.get(f.get(side))
            if claim is None:
                _fail(where, f"flag {i} ({f['id']}): its \"{side}\" names no claim the report lists")
            k = f.get(f"{side}_quantity")
            if not isinstance(k, int) or not 0 <= k < len(claim.get("quantities", [])):
                _fail(where, f"flag {i} ({f['id']}): \"{side}_quantity\" is not a figure of claim {f[side]}")


def _items(data: dict[str, Any], key: str, name: str, where: str,
           fields: dict[str, tuple[type, ...]]) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list):
        _fail(where, f"\"{key}\" is {_kind(items)}, not a list")
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            _fail(where, f"{name} {i} is not an object ({_kind(item)})")
        if "id" not in item:
            _fail(where, f"{name} {i} has no \"id\"")
        if not isinstance(item["id"], str) or not item["id"]:
            _fail(where, f"{name} {i}: \"id\" is {_kind(item.get('id'))}, not a string")
        _fields(item, fields, where, f"{name} {i} ({item['id'][:40]})")
    return items


def _fields(item: dict[str, Any], fields: dict[str, tuple[type, ...]], where: str, what: str) -> None:
    for k, types in fields.items():
        if k in item and (not isinstance(item[k], types) or isinstance(item[k], bool) and bool not in types):
            _fail(where, f"{what}: \"{k}\" is {_kind(item[k])}, not {' or '.join(dict.fromkeys(_JSON_TYPES[t] for t in types))}")


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), f"a {type(value).__name__}")


def _fail(where: str, what: str) -> NoReturn:
    raise StoreError(f"{where}: {what} — the report is damaged: run `factcheck run` again, or pass --report "
                     "another report.json")
