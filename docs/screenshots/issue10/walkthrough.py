#!/usr/bin/env python3
"""The guide's two exercises done as Word stores them, and the screenshots made from them.

    swift build && python3 docs/screenshots/issue10/walkthrough.py OUTDIR

(a) a 序号 column added to the 自评表's mof indicator table (new w:gridCol, a new w:tc in the
    header, loop and 合计 rows, the loop's open tag
    moved into the new first cell); (b) the unit's seal after the 填报人 line, `{{%公章 | size:3cm}}`.
Each template is checked, previewed and rendered with the shipped sample; the PNGs here are
crops of those pages (pdftoppm -x -y -W -H). Standard library plus LibreOffice and poppler.
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = ROOT / ".build/debug/reportgen"
HERE = pathlib.Path(__file__).resolve().parent


def run(*args, cwd=None):
    print("$", " ".join(str(a) for a in args))
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    print(result.stdout + result.stderr)
    if result.returncode != 0:
        sys.exit(f"failed: {args}")
    return result.stdout


def edit_document(source, target, change):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def cell(width, text, vmerge=False):
    merge = "<w:vMerge/>" if vmerge else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>')


def add_index_column(xml):
    """What Word writes for 表格 → 插入 → 在右侧插入列 on the 绩效指标 column, the new cells typed in."""
    tables = list(re.finditer(r"<w:tbl>.*?</w:tbl>", xml, re.S))
    table = tables[1]
    t = table.group(0)
    # Grid: a 600-twip column after the first; 三级指标 gives up the room so the table keeps its width.
    t = t.replace('<w:gridCol w:w="1100"/><w:gridCol w:w="1100"/><w:gridCol w:w="1200"/><w:gridCol w:w="2200"/>',
                  '<w:gridCol w:w="1100"/><w:gridCol w:w="600"/><w:gridCol w:w="1100"/><w:gridCol w:w="1200"/><w:gridCol w:w="1600"/>', 1)
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", t, re.S)
    header, loop, total = rows[0], rows[1], rows[2]

    def insert_after_first_cell(row, new):
        end = row.index("</w:tc>") + len("</w:tc>")
        return row[:end] + new + row[end:]

    new_header = insert_after_first_cell(header, cell(600, "序号")).replace('w:w="2200"', 'w:w="1600"', 1)
    # {{#indicators}} opens the loop row's first cell (the 绩效指标 label, merged down over the
    # rows): it stays there.
    new_loop = insert_after_first_cell(loop, cell(600, "{{序号}}")).replace('w:w="2200"', 'w:w="1600"', 1)
    new_total = insert_after_first_cell(total, cell(600, ""))
    t = t.replace(header, new_header).replace(loop, new_loop).replace(total, new_total)
    return xml[:table.start()] + t + xml[table.end():]


def add_seal(xml):
    """A right-aligned paragraph after the mof sheet's 填报人 line: 单位（盖章）and the seal."""
    anchor = xml.index("填报人：")
    end = xml.index("</w:p>", anchor) + len("</w:p>")
    paragraph = ('<w:p><w:pPr><w:pStyle w:val="TableNote"/><w:jc w:val="right"/></w:pPr>'
                 '<w:r><w:t xml:space="preserve">填报单位（盖章）：{{%公章 | size:3cm}}</w:t></w:r></w:p>')
    return xml[:end] + paragraph + xml[end:]


def snapshot(pdf, page, name, x, y, w, h):
    """Page `page` of `pdf` at 80 dpi, the w×h pixels from (x, y), as HERE/name.png."""
    run("pdftoppm", "-png", "-r", "80", "-f", page, "-l", page, "-x", x, "-y", y, "-W", w, "-H", h,
        "-singlefile", pdf, HERE / name)


def main():
    work = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/issue10-walkthrough").resolve()
    shutil.rmtree(work, ignore_errors=True)
    (work / "我的模板").mkdir(parents=True)
    sheet = ROOT / "templates/self-evaluation-sheet.docx"

    # (a) the column.
    column = work / "我的模板/self-evaluation-sheet.docx"
    edit_document(sheet, column, add_index_column)
    run(BINARY, "template", "check", column)
    run(BINARY, "template", "preview", column, "--scheme", "mof-2020", "-o", work / "a-preview.pdf")
    run("pdftoppm", "-png", "-r", "60", work / "a-preview.pdf", work / "a-page")
    snapshot(work / "a-preview.pdf", 2, "column-preview", 100, 85, 740, 122)

    # (b) the seal, on top of (a).
    sealed = work / "sealed/self-evaluation-sheet.docx"
    sealed.parent.mkdir()
    edit_document(column, sealed, add_seal)
    run(BINARY, "template", "check", sealed)
    run(BINARY, "template", "preview", sealed, "--scheme", "mof-2020", "-o", work / "b-preview.pdf")
    run("pdftoppm", "-png", "-r", "60", work / "b-preview.pdf", work / "b-page")
    snapshot(work / "b-preview.pdf", 2, "seal-preview", 100, 85, 740, 205)
    data = json.loads((ROOT / "templates/samples/project-report-mof.json").read_text(encoding="utf-8"))
    data["unit"]["seal"] = "images/seal.png"
    (work / "images").mkdir()
    shutil.copy(ROOT / "Tests/TemplatingFixtures/seal.png", work / "images/seal.png")
    (work / "data.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    run(BINARY, "render", "--template", sealed, "--data", work / "data.json", "-o", work / "自评表.docx")
    run("soffice", "--headless", "--convert-to", "pdf", "--outdir", work, work / "自评表.docx")
    run("pdftoppm", "-png", "-r", "60", work / "自评表.pdf", work / "r-page")
    snapshot(work / "自评表.pdf", 2, "seal-rendered", 100, 85, 740, 365)
    print("outputs in", work)


if __name__ == "__main__":
    main()
