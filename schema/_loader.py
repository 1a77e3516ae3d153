"""Load a case pack from a folder, a single YAML/JSON file, or a zip, collecting every problem.

A user's mistake never surfaces as a traceback: :func:`load_pack` either returns a valid
:class:`~schema.Pack` or raises :class:`PackError` whose ``problems`` list every problem found,
each with file, line, field path and a message that says how to fix it.
"""

from __future__ import annotations

import json

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from types import UnionType

from pydantic import BaseModel, ValidationError

from ._files import SECTION_FILES, SingleFilePack
from ._models import (
    Assessment,
    Citation,
    Context,
    Criterion,
    Inject,
    Lens,
    Option,
    Pack,
    PackInfo,
    Source,
)
from ._yaml import Document, Path_, YamlProblem, parse_yaml

BUNDLED_PACK = Path(__file__).resolve().parent.parent / "options"

#: Limits that keep a hostile upload from exhausting memory.
MAX_FILE_BYTES = 2_000_000
MAX_TOTAL_BYTES = 10_000_000
MAX_FILES = 400
PACK_SUFFIXES = {".yaml", ".yml", ".json"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, located precisely enough to fix it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PackError(ValueError):
    """A pack that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the pack"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in problems))



def _some(names: object, limit: int = 12) -> str:
    """Ids for an error message: all of them when few, else the first ``limit`` and how many more."""
    if isinstance(names, (set, frozenset)):  # the same order on every run, in the CLI and the app alike
        names = sorted(names)
    names = list(names)  # type: ignore[call-overload]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def format_path(path: Path_) -> str:
    """`('scores', 'civilian_harm', 'value')` -> `scores.civilian_harm.value`; indices as `[i]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --------------------------------------------------------------------------- entry points
def load_pack(path: str | Path = BUNDLED_PACK) -> Pack:
    """Load a pack from a folder, a ``.yaml``/``.yml``/``.json`` file or a ``.zip``.

    Raises
    ------
    PackError
        With every problem found (file, line, field, how to fix).
    """
    path = Path(path)
    if path.is_dir():
        return _load_files(_folder_files(path), label_root=path.name or str(path))
    if not path.exists():
        raise PackError([Problem(str(path), None, "", "no such file or folder: check the path")])
    size = path.stat().st_size
    limit = MAX_TOTAL_BYTES if path.suffix.lower() == ".zip" else MAX_FILE_BYTES
    if size > limit:
        raise PackError([Problem(path.name, None, "", f"file is {size:,} bytes; the limit is {limit:,}")])
    return load_pack_bytes(path.name, path.read_bytes())


def load_pack_bytes(name: str, data: bytes) -> Pack:
    """Load an uploaded pack given its file name (which says zip, YAML or JSON) and bytes."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return _load_files(_zip_files(name, data), label_root=name)
    if suffix in PACK_SUFFIXES:
        if len(data) > MAX_FILE_BYTES:
            raise PackError([Problem(name, None, "", f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        try:
            document = _parse(name, data)
        except YamlProblemAt as exc:
            raise PackError([exc.problem]) from None
        return _load_single(document)
    raise PackError([Problem(name, None, "", "unsupported file type: upload a .zip of a pack folder, or one .yaml/.yml/.json file")])


# --------------------------------------------------------------------------- reading files
def _folder_files(root: Path) -> Iterator[tuple[str, bytes]]:
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in PACK_SUFFIXES)
    if len(files) > MAX_FILES:
        raise PackError([Problem(root.name, None, "", f"{len(files)} files; a pack may have at most {MAX_FILES}")])
    for p in files:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise PackError([Problem(f"{root.name}/{p.name}", None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")])
        yield p.name, p.read_bytes()


def _zip_files(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise PackError([Problem(name, None, "", f"not a readable zip file ({exc}): zip the pack folder again")]) from None
    members = [
        m for m in archive.infolist()
        if not m.is_dir()
        and PurePosixPath(m.filename).suffix.lower() in PACK_SUFFIXES
        and not any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(m.filename).parts)
    ]
    if not members:
        raise PackError([Problem(name, None, "", "the zip holds no .yaml/.yml/.json files: zip the pack folder")])
    if len(members) > MAX_FILES:
        raise PackError([Problem(name, None, "", f"{len(members)} files; a pack may have at most {MAX_FILES}")])
    if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
        raise PackError([Problem(name, None, "", f"unpacks to more than {MAX_TOTAL_BYTES:,} bytes")])
    # The pack folder is the one holding pack.yaml (a zip of a folder has one level on top).
    roots = {PurePosixPath(m.filename).parent for m in members if PurePosixPath(m.filename).stem == "pack"}
    if len(roots) != 1:
        raise PackError([Problem(name, None, "", "the zip must hold exactly one pack.yaml (the pack folder's own)")])
    (root,) = roots
    for m in members:
        path = PurePosixPath(m.filename)
        if path.parent != root:
            continue
        if m.file_size > MAX_FILE_BYTES:
            raise PackError([Problem(f"{name}:{path}", None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")])
        with archive.open(m) as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise PackError([Problem(f"{name}:{path}", None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")])
        yield path.name, content


def _parse(label: str, raw: bytes) -> Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblemAt(label, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8",
                            line) from None
    if label.lower().endswith(".json"):  # YAML would accept what JSON does not (a trailing comma, say)
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise YamlProblemAt(label, f"not valid JSON: {exc.msg} (column {exc.colno}): fix it, for example "
                                       "remove a comma before a closing } or ]", exc.lineno) from None
    try:
        return parse_yaml(text, label)
    except YamlProblem as exc:
        raise YamlProblemAt(label, exc.message, exc.line) from None


class YamlProblemAt(Exception):
    def __init__(self, label: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.problem = Problem(label, line, "", message)


# --------------------------------------------------------------------------- validation
@dataclass
class _Part:
    """A validated object and where it came from, for locating later cross-file problems."""

    obj: BaseModel
    doc: Document
    prefix: Path_


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Items that failed validation, kept raw so that their citations are still checked:
        # every problem of a file is reported at once, not one stage after another.
        self.unvalidated: list[tuple[Document, Path_, Any]] = []

    def add(self, doc: Document, path: Path_, message: str) -> None:
        self.problems.append(Problem(doc.label, doc.line_of(path), format_path(path), message))

    def at(self, part: _Part, rel: Path_, message: str) -> None:
        self.add(part.doc, part.prefix + rel, message)

    def validate(self, model: type[BaseModel], doc: Document, data: Any, prefix: Path_) -> BaseModel | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = prefix + tuple(err["loc"])
                self.add(doc, loc, _explain(err, model, tuple(err["loc"])))
            self.unvalidated.append((doc, prefix, data))
            return None


#: What to write instead, for the type errors whose pydantic message says only what is wrong.
_FIXES = {
    "float_parsing": "write a number, such as 3 or 2.5",
    "float_type": "write a number, such as 3 or 2.5",
    "finite_number": "write an ordinary number, such as 3 or 2.5 (1e309, .inf and .nan are not)",
    "int_parsing": "write a whole number, such as 3",
    "int_type": "write a whole number, such as 3",
    "int_from_float": "write a whole number, such as 3",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "string_type": "write text here (in quotes if it looks like a number, a date or true/false)",
}


def _plain(annotation: Any) -> Any:
    """The type under Annotated[...] and Optional[...]."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            kinds = [a for a in get_args(annotation) if a is not type(None)]
            if len(kinds) != 1:
                return annotation
            annotation = kinds[0]
        else:
            return annotation


def _field_at(model: type[BaseModel], loc: tuple) -> tuple[Any, Any] | None:
    """The type expected at ``loc`` inside ``model``, and the field that declares it (for its description)."""
    annotation: Any = model
    declared = None
    for part in loc:
        annotation = _plain(annotation)
        if isinstance(part, int):
            if get_origin(annotation) not in (list, tuple, set):
                return None
            annotation = get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            declared = annotation.model_fields[part]
            annotation = declared.annotation
        elif get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        else:
            return None
    return _plain(annotation), declared


def _fields(model: type[BaseModel]) -> str:
    required = [name for name, f in model.model_fields.items() if f.is_required()]
    named = required or list(model.model_fields)
    text = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
    return f"fields {text}" if len(named) > 1 else f"the field {text}"


def _shape(annotation: Any) -> str | None:
    """What to write for a value of this type, in the pack's words."""
    if get_origin(annotation) is Literal:
        return "one of: " + ", ".join(str(v) for v in get_args(annotation))
    if get_origin(annotation) is list:
        item = _plain(get_args(annotation)[0])
        if get_origin(item) is Literal:
            return "a list of one or more of: " + ", ".join(str(v) for v in get_args(item))
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"a list of mappings, each with {_fields(item)}"
        return "a list"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"a mapping with {_fields(annotation)}"
    return {str: "a line of text", float: "a number", int: "a whole number", bool: "true or false"}.get(annotation)


def _hint(model: type[BaseModel] | None, loc: tuple) -> str:
    """" — <what to write>. <the field's description>" for a field the pack's models declare, else ""."""
    found = _field_at(model, loc) if model is not None else None
    if found is None:
        return ""
    annotation, declared = found
    shape, about = _shape(annotation), getattr(declared, "description", None)
    return (f" — {shape}" if shape else "") + (f". {about}" if about else "")


def _explain(err: dict[str, Any], model: type[BaseModel] | None = None, loc: tuple = ()) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required but missing: add it" + _hint(model, loc)
    if kind == "extra_forbidden":
        key = str(err["loc"][-1]) if err.get("loc") else ""
        if " " in key.strip() or err.get("input") is None:  # `{quote: filters now, pipes later}`: cut at the comma
            return ("not a known field: remove it or fix its spelling (see pack-format.md in the template pack); if "
                    "it is the rest of a text cut at a comma inside { … }, put the whole text in quotation marks")
        return "not a known field: remove it or fix its spelling (see pack-format.md in the template pack)"
    if kind == "too_short" and isinstance(err.get("input"), list):
        ctx = err.get("ctx") or {}
        return (f"needs at least {ctx.get('min_length')} items, not {ctx.get('actual_length', len(err['input']))}"
                + _hint(model, loc))
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]
    value = err.get("input")
    if kind not in {"model_type", "dict_type", "list_type"} and not isinstance(value, (dict, list)):
        shown = repr(value)
        message += f" (got {shown[:60]}{'…' if len(shown) > 60 else ''})"
        if kind in _FIXES:
            message += f": {_FIXES[kind]}"
    elif kind in {"model_type", "dict_type"}:
        found = _field_at(model, loc) if model is not None else None
        fields = f", with {_fields(found[0])}" if found and isinstance(found[0], type) and issubclass(
            found[0], BaseModel) else " of fields"
        message = f"expected a mapping here{fields}, got {type(value).__name__}"
    elif kind == "list_type":
        message = f"expected a list here, got {type(value).__name__}" + _hint(model, loc)
    return message


@dataclass
class _Sections:
    info: list[_Part]
    sources: list[_Part]
    criteria: list[_Part]
    options: list[_Part]
    contexts: list[_Part]
    lenses: list[_Part]
    injects: list[_Part]
    assessments: list[_Part] = field(default_factory=list)
    #: Kinds with an item that failed to load: references to their ids are not checked, so one
    #: broken file is reported once rather than again wherever it is named.
    incomplete: set[str] = field(default_factory=set)


_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "sources": Source, "criteria": Criterion, "options": Option,
    "contexts": Context, "lenses": Lens, "injects": Inject, "assessments": Assessment,
}


def _validate_list(c: _Collector, doc: Document, data: Any, key: str, out: list[_Part],
                   required: bool, incomplete: set[str]) -> None:
    if data is None:
        if required:
            c.add(doc, (key,), f"required but missing: add a list of {key}")
        return
    if not isinstance(data, list):
        c.add(doc, (key,), f"expected a list of {key}, got {type(data).__name__}")
        return
    if required and not data:
        c.add(doc, (key,), f"the list is empty: a pack needs at least one of its {key}")
    for index, item in enumerate(data):
        obj = c.validate(_ITEM_MODELS[key], doc, item, (key, index))
        if obj is not None:
            out.append(_Part(obj, doc, (key, index)))
        else:
            incomplete.add(key)


def _validate_mapping_doc(c: _Collector, doc: Document, allowed: set[str]) -> dict[str, Any] | None:
    if not isinstance(doc.data, dict):
        c.add(doc, (), f"expected a mapping with the keys {', '.join(sorted(allowed))}, "
                       f"got {type(doc.data).__name__}")
        return None
    for key in doc.data:
        if key not in allowed:
            c.add(doc, (key,), f"not a known section here: expected {', '.join(sorted(allowed))}")
    return doc.data


def _load_single(doc: Document) -> Pack:
    c = _Collector()
    s = _Sections([], [], [], [], [], [], [])
    data = _validate_mapping_doc(c, doc, set(SingleFilePack.model_fields))
    if data is not None and len(data) == 1 and next(iter(data)) in set(_ITEM_MODELS) - {"options"} | {"info"}:
        c.add(doc, (), f"this file holds only the pack's {next(iter(data))}: it is one file of a pack folder. "
                       "Zip the whole folder and upload the zip (or give `ladder validate` the folder)")
        raise PackError(c.problems)
    if data is not None:
        if "info" in data:
            info = c.validate(PackInfo, doc, data["info"], ("info",))
            if info is not None:
                s.info.append(_Part(info, doc, ("info",)))
        else:
            c.add(doc, ("info",), "required but missing: add an info: section with title and schema_version")
        for key in _ITEM_MODELS:
            _validate_list(c, doc, data.get(key), key, getattr(s, key),
                           required=key in {"sources", "criteria", "options"}, incomplete=s.incomplete)
    return _finish(c, s)


def _load_files(files: Iterator[tuple[str, bytes]], label_root: str) -> Pack:
    c = _Collector()
    s = _Sections([], [], [], [], [], [], [])
    seen_sections: set[str] = set()
    option_files = 0
    try:
        for name, raw in files:
            label = f"{label_root}/{name}"
            try:
                doc = _parse(label, raw)
            except YamlProblemAt as exc:
                c.problems.append(exc.problem)
                stem = PurePosixPath(name).stem
                if stem in SECTION_FILES:
                    seen_sections.add(stem)
                    s.incomplete.add("info" if stem == "pack" else stem)
                else:
                    option_files += 1
                    s.incomplete.add("options")
                continue
            stem = PurePosixPath(name).stem
            option_files += stem not in SECTION_FILES
            if stem in SECTION_FILES:
                if stem in seen_sections:
                    c.add(doc, (), f"a second {stem} file: keep one of {stem}.yaml/.yml/.json")
                    continue
                seen_sections.add(stem)
                key = "info" if stem == "pack" else stem
                data = _validate_mapping_doc(c, doc, {key})
                if data is None:
                    continue
                if stem == "pack":
                    if "info" not in data:
                        c.add(doc, ("info",), "required but missing: add an info: section")
                        continue
                    info = c.validate(PackInfo, doc, data["info"], ("info",))
                    if info is not None:
                        s.info.append(_Part(info, doc, ("info",)))
                else:
                    _validate_list(c, doc, data.get(key), key, getattr(s, key),
                                   required=key in {"sources", "criteria"}, incomplete=s.incomplete)
            else:
                option = c.validate(Option, doc, doc.data, ())
                if option is not None:
                    s.options.append(_Part(option, doc, ()))
                else:
                    s.incomplete.add("options")
    except PackError as exc:  # a limit was hit while reading: report it with what we have
        c.problems.extend(exc.problems)
        raise PackError(c.problems) from None
    for stem, what in (("pack", "the pack's title and schema_version"), ("sources", "the sources"),
                       ("criteria", "the criteria")):
        if stem not in seen_sections:
            c.problems.append(Problem(f"{label_root}/{stem}.yaml", None, "",
                                      f"missing file: add {stem}.yaml with {what}"))
    if option_files == 0:
        c.problems.append(Problem(label_root, None, "", "no option files: add one YAML file per option, next to "
                                                         "pack.yaml (files in subfolders are not read)"))
    return _finish(c, s)


# --------------------------------------------------------------------------- cross-file checks
def walk_citations(obj: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Citation]]:
    """Every citation inside a pack object, with its field path (e.g. `risks[0].citations[1]`)."""
    if isinstance(obj, Citation):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk_citations(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk_citations(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from walk_citations(item, path + (key,))


def _unique_ids(c: _Collector, parts: list[_Part], kind: str) -> dict[str, _Part]:
    by_id: dict[str, _Part] = {}
    for part in parts:
        ident = part.obj.id  # type: ignore[attr-defined]
        if ident in by_id:
            first = by_id[ident]
            c.at(part, ("id",), f"duplicate {kind} id {ident!r} (also in {first.doc.label}"
                                f":{first.doc.line_of(first.prefix + ('id',))}): give each {kind} its own id")
        else:
            by_id[ident] = part
    return by_id


def _raw_citation_sources(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """(path, source id) of every citation-shaped mapping in data that did not validate."""
    if isinstance(data, dict):
        if isinstance(data.get("source"), str) and "quote" in data:
            yield path, data["source"]
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                yield from _raw_citation_sources(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _raw_citation_sources(value, path + (index,))


def _fmt(x: float) -> str:
    return f"{x:g}"


def _finish(c: _Collector, s: _Sections) -> Pack:
    sources = _unique_ids(c, s.sources, "source")
    criteria = _unique_ids(c, s.criteria, "criterion")
    options = _unique_ids(c, s.options, "option")
    contexts = _unique_ids(c, s.contexts, "context")
    lenses = _unique_ids(c, s.lenses, "lens")
    injects = _unique_ids(c, s.injects, "inject")
    assessments = _unique_ids(c, s.assessments, "assessment")
    # When the sources or criteria could not be read, their own problems are reported and the
    # checks against them are skipped rather than repeated for every reference.
    have_sources = bool(s.sources) and "sources" not in s.incomplete
    have_criteria = bool(s.criteria) and "criteria" not in s.incomplete
    have_options = "options" not in s.incomplete
    have_contexts = "contexts" not in s.incomplete
    have_assessments = "assessments" not in s.incomplete

    # Citations name known sources.
    if have_sources:
        for part in [*s.options, *s.contexts, *s.lenses, *s.injects, *s.criteria, *s.assessments]:
            for rel, cite in walk_citations(part.obj):
                if cite.source not in sources:
                    known = _some(sorted(sources)) or "none"
                    c.at(part, rel + ("source",), f"unknown source {cite.source!r}: use one of {known}")
        for doc, prefix, data in c.unvalidated:
            for rel, source in _raw_citation_sources(data):
                if source not in sources:
                    known = _some(sorted(sources)) or "none"
                    c.add(doc, prefix + rel + ("source",), f"unknown source {source!r}: use one of {known}")

    # Options: scores against criteria, risks' criteria, prerequisites, rungs.
    rungs: dict[int, _Part] = {}
    for part in s.options:
        option: Option = part.obj  # type: ignore[assignment]
        if option.rung in rungs:
            other = rungs[option.rung].obj
            c.at(part, ("rung",), f"rung {option.rung} is already taken by option {other.id!r}: "  # type: ignore[attr-defined]
                                  "give each option its own rung")
        else:
            rungs[option.rung] = part
        if have_criteria:
            for crit_id, crit_part in criteria.items():
                crit: Criterion = crit_part.obj  # type: ignore[assignment]
                if crit_id not in option.scores:
                    c.at(part, ("scores",), f"no score for criterion {crit_id!r} ({crit.name}): "
                                            f"add scores.{crit_id} with value, basis and rationale")
                    continue
                score = option.scores[crit_id]
                lo, hi = crit.scale.min, crit.scale.max
                for fieldname in ("value", "low", "high"):
                    v = getattr(score, fieldname)
                    if v is not None and not lo <= v <= hi:
                        c.at(part, ("scores", crit_id, fieldname),
                             f"{_fmt(v)} is outside the scale {_fmt(lo)}–{_fmt(hi)} of criterion \"{crit.name}\"")
            for crit_id in option.scores:
                if crit_id not in criteria:
                    c.at(part, ("scores", crit_id), f"unknown criterion {crit_id!r}: use one of {_some(criteria)}")
            for i, risk in enumerate(option.risks):
                for j, crit_id in enumerate(risk.criteria):
                    if crit_id not in criteria:
                        c.at(part, ("risks", i, "criteria", j), f"unknown criterion {crit_id!r}: use one of {_some(criteria)}")
        for i, pre in enumerate(option.prerequisites):
            if pre.option == option.id:
                c.at(part, ("prerequisites", i, "option"), "an option cannot be its own prerequisite")
            elif have_options and pre.option not in options:
                c.at(part, ("prerequisites", i, "option"), f"unknown option {pre.option!r}: use an option id of this pack")
    _check_cycles(c, options)

    # Lenses: one weight per criterion.
    if have_criteria:
        for part in s.lenses:
            lens: Lens = part.obj  # type: ignore[assignment]
            for crit_id in criteria:
                if crit_id not in lens.weights:
                    c.at(part, ("weights",), f"no weight for criterion {crit_id!r}: give every criterion a weight (0 is allowed)")
            for crit_id in lens.weights:
                if crit_id not in criteria:
                    c.at(part, ("weights", crit_id), f"unknown criterion {crit_id!r}: use one of {_some(criteria)}")

    _check_assessments(c, s.assessments, options if have_options else None,
                       criteria if have_criteria else None)
    _check_lens_links(c, s.lenses, assessments if have_assessments else None,
                      s.options if have_options else None)

    # Contexts and injects refer to existing ids.
    for part in s.contexts:
        context: Context = part.obj  # type: ignore[assignment]
        for i, effect in enumerate(context.effects):
            if have_options and effect.option not in options:
                c.at(part, ("effects", i, "option"), f"unknown option {effect.option!r}: use an option id of this pack")
            if have_criteria and effect.criterion not in criteria:
                c.at(part, ("effects", i, "criterion"), f"unknown criterion {effect.criterion!r}: use one of {_some(criteria)}")
    for part in s.injects:
        inject: Inject = part.obj  # type: ignore[assignment]
        for i, ctx in enumerate(inject.contexts):
            if have_contexts and ctx not in contexts:
                c.at(part, ("contexts", i), f"unknown context {ctx!r}: use one of {_some(contexts) or 'none (add contexts.yaml)'}")
        groups: dict[str, str] = {}
        for ctx in inject.contexts:
            group = contexts[ctx].obj.exclusive_group if ctx in contexts else None  # type: ignore[attr-defined]
            if group and group in groups:
                c.at(part, ("contexts",), f"contexts {groups[group]!r} and {ctx!r} exclude each other (group {group!r}): keep one")
            elif group:
                groups[group] = ctx

    if c.problems or not s.info:
        if not c.problems:
            c.problems.append(Problem("pack", None, "info", "missing pack info"))
        raise PackError(c.problems)
    return Pack(
        info=s.info[0].obj,
        sources=[p.obj for p in s.sources],
        criteria=[p.obj for p in s.criteria],
        options=sorted((p.obj for p in s.options), key=lambda o: o.rung),  # type: ignore[attr-defined]
        contexts=[p.obj for p in s.contexts],
        lenses=[p.obj for p in s.lenses],
        injects=[p.obj for p in s.injects],
        assessments=[p.obj for p in s.assessments],
    )


def _check_assessments(c: _Collector, parts: list[_Part], options: dict[str, _Part] | None,
                       criteria: dict[str, _Part] | None) -> None:
    """Assessment cells name known options and criteria and stay inside each criterion's scale.

    ``options``/``criteria`` are None when those could not be read (then not checked here).
    """
    for part in parts:
        assessment: Assessment = part.obj  # type: ignore[assignment]
        for option_id, cells in assessment.cells.items():
            if options is not None and option_id not in options:
                c.at(part, ("cells", option_id),
                     f"unknown option {option_id!r}: use an option id of this pack "
                     f"({_some(sorted(options)) or 'it has none yet'})")
            if criteria is None:
                continue
            for crit_id, score in cells.items():
                if crit_id not in criteria:
                    c.at(part, ("cells", option_id, crit_id),
                         f"unknown criterion {crit_id!r}: use one of {_some(criteria)}")
                    continue
                crit: Criterion = criteria[crit_id].obj  # type: ignore[assignment]
                lo, hi = crit.scale.min, crit.scale.max
                for fieldname in ("value", "low", "high"):
                    v = getattr(score, fieldname)
                    if v is not None and not lo <= v <= hi:
                        c.at(part, ("cells", option_id, crit_id, fieldname),
                             f"{_fmt(v)} is outside the scale {_fmt(lo)}–{_fmt(hi)} of criterion \"{crit.name}\"")


def _check_lens_links(c: _Collector, lenses: list[_Part], assessments: dict[str, _Part] | None,
                      options: list[_Part] | None) -> None:
    """A lens's assessment exists; each of its stance_actors matches some stance's actor exactly."""
    actors = sorted({s.actor for p in options or [] for s in p.obj.stances})  # type: ignore[attr-defined]
    for part in lenses:
        lens: Lens = part.obj  # type: ignore[assignment]
        if lens.assessment is not None and assessments is not None and lens.assessment not in assessments:
            known = _some(assessments) or "none (add assessments.yaml)"
            c.at(part, ("assessment",), f"unknown assessment {lens.assessment!r}: use one of {known}")
        if options is None:
            continue
        for i, actor in enumerate(lens.stance_actors):
            if actor not in actors:
                close = [a for a in actors if a.lower() == actor.lower() or actor.lower() in a.lower()]
                hint = (f"did you mean {close[0]!r}?" if close
                        else "copy the actor exactly as an option's stances write it")
                c.at(part, ("stance_actors", i), f"no stance has the actor {actor!r}: {hint}")


def _check_cycles(c: _Collector, options: dict[str, _Part]) -> None:
    """Report each prerequisite cycle once, at the option where it is first closed.

    Depth-first search with an explicit stack, so a chain of thousands of prerequisites
    cannot exhaust Python's recursion limit.
    """
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    reported: set[frozenset[str]] = set()

    def prerequisites(ident: str) -> list:
        return list(enumerate(options[ident].obj.prerequisites))  # type: ignore[attr-defined]

    for root in options:
        if root in state:
            continue
        path = [root]
        stack = [iter(prerequisites(root))]
        state[root] = 1
        while stack:
            ident = path[-1]
            step = next(stack[-1], None)
            if step is None:
                state[ident] = 2
                stack.pop()
                path.pop()
                continue
            i, pre = step
            nxt = pre.option
            if nxt not in options or nxt == ident:
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    loop = " → ".join([*cycle, nxt])
                    c.at(options[ident], ("prerequisites", i, "option"),
                         f"prerequisites form a cycle ({loop}): remove one of these prerequisites")
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(prerequisites(nxt)))
