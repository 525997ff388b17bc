#!/usr/bin/env python3
"""Builds the .docx fixtures of Tests/OOXMLTests/Fixtures (committed; rerun only to change them).

    /opt/docx-check-venv/bin/python scripts/make-ooxml-fixtures.py

- word-like.docx: python-docx document shaped like a Word report: styles, a table, a PNG
  image, default + first-page headers and footers, footnotes and endnotes parts (python-docx
  has no API for notes, so those parts are added through its OPC layer as Word lays them out).
- libreoffice-saved.docx: word-like.docx opened and saved again by LibreOffice (a real
  office suite's writer: different part set, names and compression).
- renamed-main.docx: word-like.docx with the main part renamed to word/document2.xml, as
  Word itself does after some edits; only _rels/.rels knows the name.
- evil-path.docx: word-like.docx plus an entry named "../evil" (path traversal).
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

from docx import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "OOXMLTests", "Fixtures")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png(width, height):
    """A small RGB PNG: a two-colour bar chart-like pattern."""
    rows = b""
    for y in range(height):
        row = b"\x00"
        for x in range(width):
            bar = (x // 8) % 2 == 0 and y > height - (x % 32) - 4
            row += bytes((200, 30, 30) if bar else (250, 250, 250))
        rows += row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


NOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{kind}s xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}><w:{kind} w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}></w:{kind}s>"""


def note_part(document, kind, text, reltype, content_type):
    xml = NOTES.format(kind=kind, W=W, text=text).encode("utf-8")
    part = Part(PackURI("/word/%ss.xml" % kind), content_type, xml, document.part.package)
    document.part.relate_to(part, reltype)


def note_reference(paragraph, kind):
    run = paragraph.add_run()
    rpr = parse_xml('<w:rPr xmlns:w="%s"><w:vertAlign w:val="superscript"/></w:rPr>' % W)
    run._r.append(rpr)
    run._r.append(parse_xml('<w:%sReference xmlns:w="%s" w:id="1"/>' % (kind, W)))


def word_like(path, image_path):
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "某县医疗保障局 2021 年度项目支出绩效自评报告"
    section.first_page_header.paragraphs[0].text = "首页页眉"
    section.footer.paragraphs[0].text = "— 页脚 —"
    section.first_page_footer.paragraphs[0].text = "首页页脚"

    title = doc.add_heading("重点救助对象医保补助项目支出绩效自评报告", level=1)
    p = doc.add_paragraph("项目概况：进一步健全医疗救助制度，资助重点救助对象参保。")
    note_reference(p, "footnote")
    p.runs[0].font.size = Pt(16)
    p = doc.add_paragraph("预算执行率 100%，得分 10 分。")
    note_reference(p, "endnote")
    table = doc.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for r, row in enumerate([("一级指标", "二级指标", "三级指标", "分值"),
                             ("产出指标", "数量指标", "资助重点救助对象参保人数", "12.5"),
                             ("效益指标", "社会效益", "重点救助对象医保参保补助", "30")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_picture(image_path, width=Cm(8))
    doc.add_paragraph("附图：资金执行情况。")
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("第二节正文。")

    note_part(doc, "footnote", "脚注：数据来源于医保信息系统。", RT.FOOTNOTES,
              "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")
    note_part(doc, "endnote", "尾注：金额单位为万元。", RT.ENDNOTES,
              "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml")
    doc.core_properties.author = "reportgen fixtures"
    doc.save(path)
    # Many producers store media uncompressed; keep one stored entry so raw copies of
    # both methods are exercised.
    stored = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(stored, "w") as zout:
        for info in zin.infolist():
            method = zipfile.ZIP_STORED if info.filename.startswith("word/media/") else zipfile.ZIP_DEFLATED
            zout.writestr(info, zin.read(info.filename), compress_type=method)
    os.replace(stored, path)


def rewrite(source, target, transform):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name, data = transform(info.filename, zin.read(info.filename))
            zout.writestr(name, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp()
    try:
        image = os.path.join(tmp, "chart.png")
        with open(image, "wb") as f:
            f.write(png(96, 48))
        word = os.path.join(OUT, "word-like.docx")
        word_like(word, image)

        subprocess.run(["soffice", "--headless", "--convert-to", "docx", "--outdir", tmp, word],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "word-like.docx"), os.path.join(OUT, "libreoffice-saved.docx"))

        def rename_main(name, data):
            if name == "word/document.xml":
                return "word/document2.xml", data
            if name == "word/_rels/document.xml.rels":
                return "word/_rels/document2.xml.rels", data
            if name in ("[Content_Types].xml", "_rels/.rels"):
                return name, data.replace(b"/word/document.xml", b"/word/document2.xml").replace(
                    b'"word/document.xml"', b'"word/document2.xml"')
            return name, data
        rewrite(word, os.path.join(OUT, "renamed-main.docx"), rename_main)

        evil = os.path.join(OUT, "evil-path.docx")
        shutil.copy(word, evil)
        with zipfile.ZipFile(evil, "a") as z:
            z.writestr("../evil", b"escaped\n")
    finally:
        shutil.rmtree(tmp)
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    sys.exit(main())
