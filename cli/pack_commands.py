"""`ladder validate`, `ladder show`, `ladder schema`, `ladder template`."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

from schema import BUNDLED_PACK, Citation, Pack, json_schemas, load_pack, walk_citations

WRAP = 96


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a pack; print its counts or every problem")
    p.add_argument("path", nargs="?", type=Path, default=BUNDLED_PACK,
                   help="pack folder, .yaml/.json file or .zip (default: the bundled pack)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("show", help="print a readable view of a pack or of one option")
    p.add_argument("path", nargs="?", type=Path, default=BUNDLED_PACK)
    p.add_argument("--option", metavar="ID", help="show one option in full")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("schema", help="print the JSON Schema of the single-file pack format")
    p.add_argument("--file", default="single-file-pack.schema.json",
                   help="which schema (e.g. option.schema.json); default: the single-file pack")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("template", help="write the template pack (the one Your pack offers) into a new folder")
    p.add_argument("folder", type=Path, help="a folder that does not exist yet, or an empty one")
    p.set_defaults(func=cmd_template)


#: The template pack and the format's description, files of the project (the app offers the same as a zip).
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "ui" / "template_pack"
FORMAT_DOC = Path(__file__).resolve().parent.parent / "docs" / "pack-format.md"


def cmd_template(args: argparse.Namespace) -> int:
    """Write the template pack, its JSON Schemas and docs/pack-format.md into a new folder."""
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValueError(f"{folder} already exists and is not an empty folder: name a new folder")
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(TEMPLATE_DIR.glob("*.yaml"))}
    if "pack.yaml" not in files:
        raise ValueError(f"the template pack is missing from this installation ({TEMPLATE_DIR})")
    files["pack-format.md"] = FORMAT_DOC.read_text(encoding="utf-8")  # everything read before anything is written
    files.update({f"schema/{name}": text for name, text in json_schemas().items()})
    (folder / "schema").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"{folder}: the template pack, with pack-format.md and schema/; edit it, then run "
          f"`ladder validate {folder}`")
    return 0


def count_citations(pack: Pack) -> int:
    groups = [pack.options, pack.contexts, pack.lenses, pack.injects, pack.assessments]
    return sum(1 for group in groups for item in group for _ in walk_citations(item))


def cmd_validate(args: argparse.Namespace) -> int:
    pack = load_pack(args.path)
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    counts = [n(len(pack.options), "option", "options"), n(len(pack.criteria), "criterion", "criteria"),
              n(len(pack.sources), "source", "sources"), n(count_citations(pack), "citation", "citations"),
              n(len(pack.contexts), "context", "contexts"), n(len(pack.lenses), "lens", "lenses"),
              n(len(pack.injects), "inject", "injects")]
    if pack.assessments:
        counts.append(n(len(pack.assessments), "assessment", "assessments"))
    print(f"{args.path}: valid — " + ", ".join(counts))
    return 0


def _quote(c: Citation) -> str:
    return f"“{c.quote}” [{c.source}]"


def _para(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), WRAP, initial_indent=indent, subsequent_indent=indent)


def cmd_show(args: argparse.Namespace) -> int:
    pack = load_pack(args.path)
    if args.option:
        ids = [o.id for o in pack.options]
        if args.option not in ids:
            raise ValueError(f"no option {args.option!r} in the pack: use one of {', '.join(ids)}")
        print(render_option(pack, args.option))
        return 0
    print(pack.info.title)
    if pack.info.summary:
        print(_para(pack.info.summary, ""))
    print()
    print(f"{'rung':>4}  {'id':<34} {'applies':<26} name")
    for o in pack.ladder:
        print(f"{o.rung:>4}  {o.id:<34} {', '.join(o.applies):<26} {o.name}")
    print()
    print("criteria: " + "; ".join(f"{c.name} ({'↑' if c.direction == 'benefit' else '↓'})" for c in pack.criteria))
    print(f"contexts: {', '.join(c.id for c in pack.contexts) or '—'}")
    print(f"lenses: {', '.join(lens.id for lens in pack.lenses) or '—'}")
    print(f"injects: {', '.join(i.id for i in pack.injects) or '—'}")
    if pack.assessments:
        print(f"assessments: {', '.join(a.id for a in pack.assessments)}")
    return 0


def render_option(pack: Pack, option_id: str) -> str:
    o = pack.option(option_id)
    out = [f"{o.name}  [{o.id}, rung {o.rung}, {o.family}; applies: {', '.join(o.applies)}]", "",
           _para(o.description, ""), ""]
    if o.sources_say:
        out.append("What the sources say:")
        out += [_para(_quote(c)) for c in o.sources_say]
        out.append("")
    if o.risks:
        out.append("Risks:")
        for r in o.risks:
            out.append(f"  - {r.title}" + (f" (bears on: {', '.join(r.criteria)})" if r.criteria else ""))
            if r.description:
                out.append(_para(r.description, "      "))
            out += [_para(_quote(c), "      ") for c in r.citations]
        out.append("")
    for label, pos in (("Supporters", "supports"), ("Critics", "opposes"), ("Conditional", "conditional")):
        stances = [s for s in o.stances if s.position == pos]
        if stances:
            out.append(f"{label}:")
            for s in stances:
                who = pack.stance_who(s)
                cond = f" (if {s.condition})" if s.condition else ""
                out.append(f"  - {who}{cond}")
                out.append(_para(_quote(s.citation), "      "))
            out.append("")
    if o.prerequisites:
        out.append("Prerequisites: " + ", ".join(p.option for p in o.prerequisites))
    if o.figures:
        out.append("Figures:")
        out += [f"  - {f.label}: {f.value} [{f.citation.source}]" for f in o.figures]
    out.append("")
    out.append("Scores:")
    for c in pack.criteria:
        s = o.scores[c.id]
        rng = f" ({s.low:g}–{s.high:g})" if s.low is not None else ""
        out.append(f"  {c.name:<34} {s.value:>4g}{rng:<10} {s.basis:<9} {s.rationale}")
    return "\n".join(out)


def cmd_schema(args: argparse.Namespace) -> int:
    from schema import json_schemas

    schemas = json_schemas()
    if args.file not in schemas:
        raise ValueError(f"no schema {args.file!r}: use one of {', '.join(schemas)}")
    print(json.dumps(json.loads(schemas[args.file]), indent=2, ensure_ascii=False))
    return 0
