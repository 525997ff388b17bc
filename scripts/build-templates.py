#!/usr/bin/env python3
"""Build the default DOCX templates from their readable XML sources.

    python3 scripts/build-templates.py            # rebuild every templates/<name>.docx
    python3 scripts/build-templates.py NAME ...   # rebuild only these
    python3 scripts/build-templates.py --check    # exit 1 if a committed .docx is stale
    python3 scripts/build-templates.py --unpack FILE.docx NAME
                                                  # after restyling in Word/WPS: write the
                                                  # parts back as readable sources

Sources: templates/src/common/ holds the parts every template shares (styles, settings,
fonts, footer, relationships, content types); templates/src/<name>/ holds what is
specific to one template (at least word/document.xml) and overrides a common part
with the same path; a `.omit` file there lists shared parts the template does not have
(--unpack writes it). Python 3 standard library only.

The sources are indented for reading; whitespace-only text between tags is not
content in WordprocessingML except inside text-bearing elements (w:t, w:instrText,
w:delText), so it is removed there and kept everywhere else it matters. The zip is
deterministic: fixed timestamps, fixed entry order, deflate.
"""

import io
import os
import re
import sys
import zipfile
from xml.dom import minidom

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(ROOT, "templates")
SRC = os.path.join(TEMPLATES, "src")
COMMON = "common"

# 1980-01-01 is the earliest time a zip entry can carry; any fixed value works.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# Elements whose text is document content: whitespace in them is significant.
TEXT_ELEMENTS = ("w:t", "w:instrText", "w:delText", "w:delInstrText")

TAG_RE = re.compile(r"<[^>]+>")


def minify(xml_text, origin):
    """Drop comments and whitespace-only text between tags, except inside text elements."""
    # Comments are notes for whoever edits the sources; Word would drop them anyway.
    xml_text = re.sub(r"<!--.*?-->", "", xml_text, flags=re.S)
    out = []
    pos = 0
    open_text_element = None
    for m in TAG_RE.finditer(xml_text):
        between = xml_text[pos:m.start()]
        if between:
            # Non-blank text is content of a leaf element (w:t, dc:title…): keep it.
            if between.strip() or open_text_element is not None:
                out.append(between)
        tag = m.group(0)
        name = re.match(r"</?([^\s/>?!]+)", tag)
        if name and not tag.startswith("<?") and not tag.startswith("<!"):
            qname = name.group(1)
            if qname in TEXT_ELEMENTS:
                if tag.startswith("</"):
                    open_text_element = None
                elif not tag.endswith("/>"):
                    open_text_element = qname
        out.append(tag)
        pos = m.end()
    tail = xml_text[pos:]
    if tail.strip():
        raise SystemExit(f"{origin}: trailing text after the root element")
    result = "".join(out)
    # Put the declaration on its own line, as Word does; the rest is one line.
    result = re.sub(r"^(<\?xml[^>]*\?>)", r"\1\r\n", result)
    try:
        minidom.parseString(result.encode("utf-8"))
    except Exception as exc:  # expat reports line/column in the minified text
        raise SystemExit(f"{origin}: not well-formed XML: {exc}")
    return result.encode("utf-8")


def template_names():
    return sorted(d for d in os.listdir(SRC)
                  if d not in (COMMON, FRAGMENTS) and os.path.isdir(os.path.join(SRC, d)))


# templates/src/fragments/NAME.xml: body XML several templates print alike (the 特定目标类
# form of a project report and of the 决算公开 document's 附件); `<?include NAME?>` in a
# source stands for it, so the form has one source.
FRAGMENTS = "fragments"
INCLUDE_RE = re.compile(r"<\?include\s+([A-Za-z0-9_-]+)\s*\?>")


def expand_includes(text, origin):
    def fragment(m):
        path = os.path.join(SRC, FRAGMENTS, m.group(1) + ".xml")
        if not os.path.exists(path):
            raise SystemExit(f"{origin}: <?include {m.group(1)}?>: {os.path.relpath(path, ROOT)} is missing")
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    return INCLUDE_RE.sub(fragment, text)


COMMON_ONLY = COMMON  # collect_parts(COMMON_ONLY): the shared parts alone
OMIT = ".omit"  # in a template's folder: common parts it does not have, one per line


def omitted(name):
    path = os.path.join(SRC, name, OMIT)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip() and not line.startswith("#")}


def collect_parts(name):
    """Map part path -> source file, the template's own files overriding common ones."""
    parts = {}
    skip = omitted(name)
    for base in (os.path.join(SRC, COMMON), os.path.join(SRC, name)):
        for dirpath, _dirs, files in os.walk(base):
            for f in files:
                full = os.path.join(dirpath, f)
                rel = os.path.relpath(full, base).replace(os.sep, "/")
                # notes beside the sources and the omit list are not parts
                if rel.endswith(".md") or rel == OMIT:
                    continue
                if base == os.path.join(SRC, COMMON) and rel in skip:
                    continue
                parts[rel] = full
    if name == COMMON_ONLY:
        return parts
    if "word/document.xml" not in parts:
        raise SystemExit(f"templates/src/{name}: word/document.xml is missing")
    return parts


def entry_order(path):
    # Content types and the package relationships first, the main part next:
    # readers that stream the zip find what they need early, and the order is stable.
    first = {"[Content_Types].xml": 0, "_rels/.rels": 1, "word/document.xml": 2}
    return (first.get(path, 3), path)


def build(name):
    parts = collect_parts(name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path in sorted(parts, key=entry_order):
            with open(parts[path], encoding="utf-8") as fh:
                text = fh.read()
            origin = os.path.relpath(parts[path], ROOT)
            data = minify(expand_includes(text, origin), origin)
            info = zipfile.ZipInfo(path, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()


# ---------------------------------------------------------------- unpack (Word -> sources)

# Elements printed on one line: a paragraph's properties, a run, a cell's properties…
# Everything else with element children gets one child per line.
INLINE = {"w:pPr", "w:rPr", "w:r", "w:tcPr", "w:trPr", "w:tblPr", "w:tblGrid",
          "w:sectPr", "w:rFonts", "w:tblBorders", "w:tcBorders", "w:tblCellMar",
          "w:fldSimple", "w:hyperlink", "w:lsdException", "w:pBdr"}


def pretty(node, indent, out):
    pad = "  " * indent
    kids = [c for c in node.childNodes
            if not (c.nodeType == c.TEXT_NODE and not c.data.strip()
                    and node.tagName not in TEXT_ELEMENTS)]
    has_text = any(c.nodeType == c.TEXT_NODE for c in kids)
    if not kids or has_text or node.tagName in INLINE:
        out.append(pad + node.toxml())
        return
    attrs = "".join(f' {k}="{_attr(v)}"' for k, v in node.attributes.items())
    out.append(f"{pad}<{node.tagName}{attrs}>")
    for c in kids:
        if c.nodeType == c.ELEMENT_NODE:
            pretty(c, indent + 1, out)
    out.append(f"{pad}</{node.tagName}>")


def _attr(v):
    return v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def pretty_xml(data):
    doc = minidom.parseString(data)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
    pretty(doc.documentElement, 0, out)
    text = "\n".join(out) + "\n"
    # `>` and `"` need no escape in text; `{{> body | keepLast:"2"}}` reads better than
    # `{{&gt; body | keepLast:&quot;2&quot;}}`, and the sources are written that way, so an
    # unchanged template unpacks to its sources and rebuilds byte-identical.
    return re.sub(r">([^<]*)<",
                  lambda m: ">" + m.group(1).replace("&gt;", ">").replace("&quot;", '"') + "<", text)


def fragment_blocks(document_text):
    """Each fragment pretty-printed as it appears in an unpacked document body (indent 2),
    so `--unpack` can put `<?include NAME?>` back where the shared form stands unchanged."""
    folder = os.path.join(SRC, FRAGMENTS)
    if not os.path.isdir(folder):
        return []
    root = minidom.parseString(document_text.encode("utf-8")).documentElement
    namespaces = "".join(f' {k}="{_attr(v)}"' for k, v in root.attributes.items() if k.startswith("xmlns"))
    blocks = []
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".xml"):
            continue
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            body = re.sub(r"<!--.*?-->", "", fh.read(), flags=re.S)
        wrapper = minidom.parseString(f"<w:body{namespaces}>{body}</w:body>".encode("utf-8")).documentElement
        out = []
        for c in wrapper.childNodes:
            if c.nodeType == c.ELEMENT_NODE:
                pretty(c, 2, out)
        block = "\n".join(out) + "\n"
        block = re.sub(r">([^<]*)<",
                       lambda m: ">" + m.group(1).replace("&gt;", ">").replace("&quot;", '"') + "<", block)
        blocks.append((f[:-len(".xml")], block))
    return blocks


def collapse_fragments(text, source_path):
    """Put `<?include NAME?>` back for every fragment found unchanged in an unpacked part.
    A fragment the old source included but the edited file no longer holds verbatim (the
    shared form was restyled in Word) stays expanded, and the editor is told where to move
    the change so every template including it prints the same form."""
    included = set()
    if os.path.exists(source_path):
        with open(source_path, encoding="utf-8") as fh:
            included = set(INCLUDE_RE.findall(fh.read()))
    for name, block in fragment_blocks(text):
        if block in text:
            text = text.replace(block, f"    <?include {name}?>\n")
        elif name in included:
            print(f"warning: {os.path.relpath(source_path, ROOT)}: the shared part "
                  f"src/{FRAGMENTS}/{name}.xml was changed in the edited file, so it is written "
                  f"expanded here; move the change into src/{FRAGMENTS}/{name}.xml and put "
                  f"<?include {name}?> back, or the other templates including it print the old form",
                  file=sys.stderr)
    return text


def unpack(docx, name):
    target = os.path.join(SRC, name)
    with zipfile.ZipFile(docx) as z:
        present = {i.filename for i in z.infolist() if not i.is_dir()}
        missing = sorted(p for p in collect_parts(COMMON_ONLY) if p not in present)
        omit_path = os.path.join(target, OMIT)
        if missing:
            os.makedirs(target, exist_ok=True)
            with open(omit_path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write("# common parts this template does not have (written by --unpack)\n")
                fh.write("\n".join(missing) + "\n")
            print(f"wrote {os.path.relpath(omit_path, ROOT)}")
        elif os.path.exists(omit_path):
            os.remove(omit_path)
        written = set()
        for info in z.infolist():
            if info.is_dir():
                continue
            data = z.read(info.filename)
            if not (info.filename.endswith(".xml") or info.filename.endswith(".rels")):
                raise SystemExit(f"{docx}: {info.filename} is not XML; sources hold XML only "
                                 "(remove images or embedded objects from the template)")
            text = pretty_xml(data)
            if info.filename == "word/document.xml":
                text = collapse_fragments(text, os.path.join(target, info.filename))
            common = os.path.join(SRC, COMMON, info.filename)
            if os.path.exists(common):
                with open(common, encoding="utf-8") as fh:
                    if minify(fh.read(), common) == minify(text, info.filename):
                        continue  # same as the shared part: keep using that one
            path = os.path.join(target, info.filename)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            written.add(info.filename)
            print(f"wrote {os.path.relpath(path, ROOT)}")
    # A part the edited file no longer has, or has again like the shared one, must not
    # linger as an override.
    for dirpath, _dirs, files in os.walk(target):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), target).replace(os.sep, "/")
            if rel not in written and rel != OMIT and not rel.endswith(".md"):
                os.remove(os.path.join(dirpath, f))
                print(f"removed {os.path.relpath(os.path.join(dirpath, f), ROOT)}")


def entries(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return [(i.filename, i.date_time, z.read(i.filename)) for i in z.infolist()]


def main(argv):
    if argv[:1] == ["--unpack"]:
        if len(argv) != 3:
            raise SystemExit("usage: build-templates.py --unpack FILE.docx NAME")
        unpack(argv[1], argv[2])
        return 0
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")] or template_names()
    stale = []
    for name in names:
        if not os.path.isdir(os.path.join(SRC, name)):
            raise SystemExit(f"no sources for template {name!r} in templates/src/")
        data = build(name)
        out = os.path.join(TEMPLATES, f"{name}.docx")
        old = open(out, "rb").read() if os.path.exists(out) else None
        if check:
            # Compare entries, not compressed bytes: another zlib may deflate differently.
            if old is None or entries(old) != entries(data):
                stale.append(name)
            continue
        if old != data:
            with open(out, "wb") as fh:
                fh.write(data)
            print(f"built templates/{name}.docx ({len(data)} bytes)")
        else:
            print(f"unchanged templates/{name}.docx")
    if stale:
        print("stale (run scripts/build-templates.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
