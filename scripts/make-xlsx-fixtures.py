#!/usr/bin/env python3
"""Build the .xlsx fixtures of `reportgen import` (Tests/ImportTests/Fixtures) the way each
program saves a workbook, with zipfile only (no spreadsheet library), byte-identical on every run:

    python3 scripts/make-xlsx-fixtures.py            # write the fixtures
    python3 scripts/make-xlsx-fixtures.py --check    # exit 1 when a committed fixture is stale

All three hold the same project (乡村医疗设备购置, figures worked by hand in
Tests/ImportTests/Fixtures/README.md) in different layouts:

- excel-style.xlsx: the official form's layout (项目资金（万元） block, 年度总体目标, 绩效指标 with
  merged 一级指标 and 绩效指标 cells, 总分 row), shared strings (one with rich-text runs and a
  phonetic run), styles with built-in 0.00 / 0.00% and a custom `0.00_);[Red]\\(0.00\\)`,
  SUM formulas with cached values for 年度资金总额 and 总分, a General number stored as
  0.30000000000000004.
- wps-style.xlsx: seed 002's headers (目标指标, 权重, 目标值, 业绩值, 指标得分) with a 预算执行率
  row, amounts in 元 ("金额单位：元", custom numFmt 176 `#,##0.00_ `), explicit t="n", empty
  styled cells under merges, as WPS writes them.
- inline-strings.xlsx: every text an inline string (`t="inlineStr"`), no styles part, the
  layout of reportgen's own 自评表 CSV (merged cells left empty below their first row).
- errors.xlsx: one problem of each kind, at known cells (see ImportTests).
"""
import pathlib
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/ImportTests/Fixtures"
STAMP = (2021, 1, 1, 0, 0, 0)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def col(address):
    letters = "".join(c for c in address if c.isalpha())
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n


def row(address):
    return int("".join(c for c in address if c.isdigit()))


class Book:
    """A one-sheet workbook. Cells: address -> (kind, value, style, formula)."""

    def __init__(self, sheet="自评表", shared=True, styles=None):
        self.sheet = sheet
        self.shared = shared
        self.styles = styles  # list of numFmtIds per xf index, custom formats dict
        self.cells = {}
        self.merges = []
        self.strings = []
        self.empty_styled = []

    def text(self, address, value, style=0):
        self.cells[address] = ("s" if self.shared else "inlineStr", value, style, None)

    def rich(self, address, runs, phonetic=None, style=0):
        self.cells[address] = ("rich", (runs, phonetic), style, None)

    def num(self, address, value, style=0, formula=None, explicit=False):
        self.cells[address] = ("n!" if explicit else "n", value, style, formula)

    def formula_str(self, address, value, formula, style=0):
        self.cells[address] = ("str", value, style, formula)

    def error(self, address, value, formula=None):
        self.cells[address] = ("e", value, 0, formula)

    def uncalculated(self, address, formula, style=0):
        self.cells[address] = ("nov", None, style, formula)

    def merge(self, ref, styled_empty_style=None):
        self.merges.append(ref)
        if styled_empty_style is not None:
            a, b = ref.split(":")
            for r in range(row(a), row(b) + 1):
                for c in range(col(a), col(b) + 1):
                    name = colname(c) + str(r)
                    if name != a and name not in self.cells:
                        self.empty_styled.append((name, styled_empty_style))

    def string_index(self, value):
        if value not in self.strings:
            self.strings.append(value)
        return self.strings.index(value)

    def cell_xml(self, address, kind, value, style, formula):
        s = f' s="{style}"' if style else ""
        f = f"<f>{escape(formula)}</f>" if formula else ""
        if kind == "s":
            return f'<c r="{address}"{s} t="s"><v>{self.string_index(("t", value))}</v></c>'
        if kind == "rich":
            return f'<c r="{address}"{s} t="s"><v>{self.string_index(("r", value))}</v></c>'
        if kind == "inlineStr":
            return f'<c r="{address}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        if kind == "n":
            return f'<c r="{address}"{s}>{f}<v>{value}</v></c>'
        if kind == "n!":
            return f'<c r="{address}"{s} t="n">{f}<v>{value}</v></c>'
        if kind == "str":
            return f'<c r="{address}"{s} t="str">{f}<v>{escape(value)}</v></c>'
        if kind == "e":
            return f'<c r="{address}" t="e">{f}<v>{escape(value)}</v></c>'
        if kind == "nov":
            return f'<c r="{address}"{s}>{f}</c>'
        if kind == "empty":
            return f'<c r="{address}"{s}/>'
        raise ValueError(kind)

    def sheet_xml(self):
        entries = dict(self.cells)
        for name, style in self.empty_styled:
            entries.setdefault(name, ("empty", None, style, None))
        rows = {}
        for address, spec in entries.items():
            rows.setdefault(row(address), []).append((col(address), address, spec))
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>']
        for r in sorted(rows):
            out.append(f'<row r="{r}">')
            for _, address, (kind, value, style, formula) in sorted(rows[r]):
                out.append(self.cell_xml(address, kind, value, style, formula))
            out.append("</row>")
        out.append("</sheetData>")
        if self.merges:
            out.append(f'<mergeCells count="{len(self.merges)}">')
            out += [f'<mergeCell ref="{m}"/>' for m in self.merges]
            out.append("</mergeCells>")
        out.append("</worksheet>")
        return "".join(out)

    def shared_xml(self):
        items = []
        for kind, value in self.strings:
            if kind == "t":
                items.append(f'<si><t xml:space="preserve">{escape(value)}</t></si>')
            else:
                runs, phonetic = value
                body = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(t)}</t></r>' if i == 0 else
                               f'<r><t xml:space="preserve">{escape(t)}</t></r>' for i, t in enumerate(runs))
                if phonetic:
                    body += f'<rPh sb="0" eb="1"><t>{escape(phonetic)}</t></rPh>'
                items.append(f"<si>{body}</si>")
        n = len(items)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS.split(" ")[0]} count="{n}" uniqueCount="{n}">'
                + "".join(items) + "</sst>")

    def styles_xml(self):
        xfs, custom = self.styles
        fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>' for i, code in sorted(custom.items()))
        numfmts = f'<numFmts count="{len(custom)}">{fmts}</numFmts>' if custom else ""
        cell_xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"'
                           + (' applyNumberFormat="1"' if i else "") + "/>" for i in xfs)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<styleSheet {NS.split(" ")[0]}>{numfmts}'
                '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{cell_xfs}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>')

    def parts(self):
        sheet = self.sheet_xml()  # fills self.strings
        has_shared = bool(self.strings)
        overrides = ['<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>']
        rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
        if self.styles:
            overrides.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
            rels.append(f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>')
        if has_shared:
            overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
            rels.append(f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts = [
            ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"),
            ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
            ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>'
             f'<sheets><sheet name="{escape(self.sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
            ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        if self.styles:
            parts.append(("xl/styles.xml", self.styles_xml()))
        if has_shared:
            parts.append(("xl/sharedStrings.xml", self.shared_xml()))
        return parts

    def bytes(self):
        import io
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in self.parts():
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, text.encode("utf-8"))
        return buffer.getvalue()


def colname(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


NAME = "乡村医疗设备购置"
ANNUAL = "购置基层医疗设备50台，提升乡镇卫生院诊疗能力。"
ACHIEVED = "购置设备52台并全部验收合格，基层就诊率提升4%。"
INDICATORS = [
    # level1, level2, name, target, actual, rate, weight, score, deviation
    ("产出指标", "数量指标", "购置设备数量", "≥50台", "52台", "1.04", "20", "20", ""),
    ("产出指标", "质量指标", "设备验收合格率", "100%", "100%", "1", "20", "20", ""),
    ("产出指标", "时效指标", "完成时间", "2021年12月31日前", "2021年12月31日前", "1", "10", "10", ""),
    ("效益指标", "社会效益", "基层就诊率提升", "≥5%", "4%", "0.8", "20", "16", "部分设备年末才投入使用"),
    ("满意度指标", "服务对象满意度", "群众满意度", "≥90%", "95%", "1.0555555555555556", "20", "20", ""),
]


def excel_style():
    # xf 0 General, 1 0.00 (built-in 2), 2 0.00% (built-in 10), 3 custom 164.
    b = Book(styles=([0, 2, 10, 164], {164: '0.00_);[Red]\\(0.00\\)'}))
    b.text("A1", "2021年度项目支出绩效自评表"); b.merge("A1:J1")
    b.text("A2", "项目名称"); b.rich("B2", ["乡村医疗", "设备购置"], phonetic="xiangcun"); b.merge("B2:J2")
    b.text("A3", "主管部门"); b.text("B3", "某县卫生健康局"); b.merge("B3:E3")
    b.text("F3", "实施单位"); b.text("G3", "某县人民医院"); b.merge("G3:J3")
    b.rich("A4", ["项目资金", "（万元）"]); b.merge("A4:A8")
    for a, t in zip("CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        b.text(a + "4", t)
    b.text("B5", "年度资金总额")
    b.num("C5", "100", 1, "SUM(C6:C8)"); b.num("D5", "120.3", 1, "SUM(D6:D8)"); b.num("E5", "114.6", 1, "SUM(E6:E8)")
    b.num("F5", "10"); b.num("G5", "0.95261845386533667", 2, "E5/D5"); b.num("H5", "9.53")
    b.text("B6", "其中：当年财政拨款"); b.num("C6", "100", 3); b.num("D6", "120", 3); b.num("E6", "114.3", 3)
    b.text("F6", "—"); b.num("G6", "0.95250000000000001", 2, "E6/D6"); b.text("H6", "—")
    b.text("B7", "上年结转资金"); b.num("C7", "0"); b.num("D7", "0.30000000000000004"); b.num("E7", "0.3")
    b.text("F7", "—"); b.num("G7", "1", 2, "E7/D7"); b.text("H7", "—")
    b.text("B8", "其他资金"); b.text("F8", "—"); b.text("H8", "—")
    b.text("A9", "年度总体目标"); b.merge("A9:A10")
    b.text("B9", "预期目标"); b.merge("B9:E9"); b.text("F9", "实际完成情况"); b.merge("F9:J9")
    b.text("B10", ANNUAL); b.merge("B10:E10"); b.text("F10", ACHIEVED); b.merge("F10:J10")
    b.text("A11", "绩效指标"); b.merge("A11:A16")
    for a, t in zip("BCDEFGHIJ", ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "分值", "得分", "偏差原因分析及改进措施"]):
        b.text(a + "11", t)
    for i, (l1, l2, name, target, actual, rate, weight, score, deviation) in enumerate(INDICATORS):
        r = str(12 + i)
        if i == 0 or l1 != INDICATORS[i - 1][0]:
            b.text("B" + r, l1)
        b.text("C" + r, l2); b.text("D" + r, name); b.text("E" + r, target); b.text("F" + r, actual)
        b.num("G" + r, rate, 2); b.num("H" + r, weight); b.num("I" + r, score)
        if deviation:
            b.text("J" + r, deviation)
    b.merge("B12:B14")
    b.text("A17", "总分"); b.merge("A17:G17")
    b.num("H17", "100", 0, "SUM(H12:H16)+F5"); b.num("I17", "95.53", 0, "SUM(I12:I16)+H5")
    b.formula_str("J17", "等次：优", 'IF(I17>=90,"等次：优","等次：良")')
    return b


def wps_style():
    # xf 0 General, 1 custom 176 (WPS numbers its own formats from 176), 2 0.00%.
    b = Book(sheet="Sheet1", styles=([0, 176, 10, 0], {176: "#,##0.00_ "}))
    b.text("A1", "附件1.项目支出绩效自评表"); b.merge("A1:I1", 3)
    b.text("A2", "项目名称"); b.text("B2", NAME); b.merge("B2:I2", 3)
    b.text("A3", "主管部门"); b.text("B3", "某县卫生健康局"); b.merge("B3:D3", 3)
    b.text("E3", "实施单位"); b.text("F3", "某县人民医院"); b.merge("F3:I3", 3)
    b.text("A4", "金额单位：元"); b.merge("A4:I4", 3)
    b.text("A5", "资金来源"); b.text("B5", "年初预算资金"); b.text("C5", "全年预算资金"); b.text("D5", "全年执行资金"); b.text("E5", "预算执行率")
    b.text("A6", "年度资金总额"); b.num("B6", "1000000", 1, explicit=True); b.num("C6", "1203000", 1, explicit=True)
    b.num("D6", "1146000", 1, explicit=True); b.num("E6", "0.95261845386533667", 2, "D6/C6", explicit=True)
    b.text("A7", "财政拨款"); b.num("B7", "1000000", 1, explicit=True); b.num("C7", "1200000", 1, explicit=True); b.num("D7", "1143000", 1, explicit=True)
    b.text("A8", "上年结转资金"); b.num("B8", "0", 1, explicit=True); b.num("C8", "3000", 1, explicit=True); b.num("D8", "3000", 1, explicit=True)
    b.text("A9", "年度总体目标"); b.text("B9", "预期目标"); b.merge("B9:E9", 3); b.text("F9", "实际完成情况"); b.merge("F9:I9", 3)
    b.text("B10", ANNUAL); b.merge("B10:E10", 3); b.text("F10", ACHIEVED); b.merge("F10:I10", 3)
    for a, t in zip("ABCDEFGHI", ["一级指标", "二级指标", "目标指标", "权重", "目标值", "业绩值", "完成率", "指标得分", "偏差原因分析及改进措施"]):
        b.text(a + "11", t)
    b.text("A12", "预算执行指标"); b.text("B12", "预算执行指标"); b.text("C12", "预算执行率"); b.num("D12", "10", explicit=True)
    b.text("E12", "100%"); b.text("F12", "95.26%"); b.num("G12", "0.95261845386533667", 2, explicit=True); b.num("H12", "9.53", explicit=True)
    for i, (l1, l2, name, target, actual, rate, weight, score, deviation) in enumerate(INDICATORS):
        r = str(13 + i)
        if i == 0 or l1 != INDICATORS[i - 1][0]:
            b.text("A" + r, l1)
        b.text("B" + r, l2); b.text("C" + r, name); b.text("E" + r, target); b.text("F" + r, actual)
        b.num("D" + r, weight, explicit=True); b.num("G" + r, rate, 2, explicit=True); b.num("H" + r, score, explicit=True)
        if deviation:
            b.text("I" + r, deviation)
    b.merge("A13:A15", 3)
    b.text("A18", "合计"); b.merge("A18:C18", 3); b.num("D18", "100", 0, "SUM(D12:D17)", explicit=True)
    b.num("H18", "95.53", 0, "SUM(H12:H17)", explicit=True); b.text("I18", "优")
    return b


def inline_strings():
    b = Book(sheet="自评表", shared=False, styles=None)
    rows = [
        ["项目名称", NAME],
        ["主管部门", "某县卫生健康局", "实施单位", "某县人民医院"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "100.00", "120.30", "114.60", "10", "95.26%", "9.53"],
        ["", "其中：当年财政拨款", "100.00", "120.00", "114.30", "—", "95.25%", "—"],
        ["", "上年结转资金", "0", "0.3", "0.3", "—", "100.00%", "—"],
        ["", "其他资金", "", "", "", "—", "", "—"],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", ANNUAL, ACHIEVED],
        ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "完成率", "得分", "偏差原因分析及改进措施"],
        ["预算执行指标", "预算执行指标", "预算执行率", "10", "100%", "95.26%", "95.26%", "9.53", ""],
    ]
    previous = ""
    for l1, l2, name, target, actual, rate, weight, score, deviation in INDICATORS:
        shown = "%.2f%%" % (float(rate) * 100)  # the fixture's text, not read back by reportgen
        rows.append(["" if l1 == previous else l1, l2, name, weight, target, actual, shown, score, deviation])
        previous = l1
    rows.append(["合计", "", "", "100", "", "", "", "95.53", "优"])
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value == "":
                continue
            address = colname(c) + str(r)
            # Integers as numbers; figures with decimals as text, the way exporters that write
            # inline strings keep "100.00" (a number cell would show 100 under General).
            if value.isdigit():
                b.num(address, value)
            else:
                b.text(address, value)
    return b


def errors():
    b = Book(sheet="自评表", styles=([0, 2], {}))
    b.text("A1", "项目名称"); b.text("B1", NAME)
    for a, t in zip("CDEFG", ["年初预算数", "全年预算数", "全年执行数", "执行率", "备注"]):
        b.text(a + "2", t)
    b.text("A2", "项目资金（万元）")
    b.text("B3", "年度资金总额"); b.uncalculated("D3", "SUM(D4:D5)"); b.num("E3", "114.6")
    b.text("B4", "财政拨款"); b.num("C4", "-5"); b.num("D4", "120"); b.num("E4", "114.3")
    b.text("B5", "中央补助"); b.num("D5", "3"); b.num("E5", "3")
    for a, t in zip("ABCDEFGHIJ", ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "完成率", "得分", "偏差原因分析及改进措施", "说明"]):
        b.text(a + "7", t)
    b.text("A8", "产出指标"); b.text("B8", "数量指标"); b.text("C8", "购置设备数量"); b.text("D8", "二十")
    b.text("E8", "≥50台"); b.text("F8", "52台"); b.num("H8", "20")
    b.text("B9", "质量指标"); b.text("C9", "设备验收合格率"); b.num("D9", "20"); b.text("E9", "100%")
    b.error("H9", "#DIV/0!", "1/0")
    return b


FIXTURES = {
    "excel-style.xlsx": excel_style,
    "wps-style.xlsx": wps_style,
    "inline-strings.xlsx": inline_strings,
    "errors.xlsx": errors,
}


def main():
    check = "--check" in sys.argv
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURES.items():
        data = build().bytes()
        path = OUT / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    if check:
        print("stale: " + ", ".join(stale) if stale else "fixtures up to date")
        sys.exit(1 if stale else 0)


if __name__ == "__main__":
    main()
