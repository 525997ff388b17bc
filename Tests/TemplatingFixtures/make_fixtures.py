#!/usr/bin/env python3
"""Builds the templating fixtures the way Word stores typed tags: split across runs with
formatting changes, proofing marks, bookmarks and rsid noise between the braces, tags in
headers, footers, footnotes and text boxes. Standard library only; rerunning gives the same
bytes (fixed zip times).

    python3 Tests/TemplatingFixtures/make_fixtures.py

word-like-libreoffice.docx is word-like.docx saved again by LibreOffice 7 (it splits the
tags further, one run per formatting change, and renames styles):

    soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir /tmp/lo word-like.docx
"""
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'mc:Ignorable="w14"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def r(text, rpr='', rsid='00A1B2C3'):
    props = f'<w:rPr>{rpr}</w:rPr>' if rpr else ''
    return f'<w:r w:rsidR="{rsid}">{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(content, ppr=''):
    props = f'<w:pPr>{ppr}</w:pPr>' if ppr else ''
    return f'<w:p w:rsidR="00112233" w:rsidRDefault="00445566">{props}{content}</w:p>'


def pt(text, ppr=''):
    return p(r(text), ppr)


def tc(content, width=1800, extra=''):
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}</w:tcPr>{content}</w:tc>'


def tr(*cells):
    return '<w:tr>' + ''.join(cells) + '</w:tr>'


def tbl(*rows, cols=4, width=1800):
    grid = ''.join(f'<w:gridCol w:w="{width}"/>' for _ in range(cols))
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            '<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            '<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>' + ''.join(rows) + '</w:tbl>')


def textbox(paragraphs, ident):
    """A DrawingML text box with its VML fallback, as Word 2010+ writes it."""
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{ident}" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>3600000</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="1800000" cy="540000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
            f'<wp:docPr id="{ident}" name="文本框 {ident}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="540000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
            f'<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"/>'
            '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape id="tb' + str(ident) + '" type="#_x0000_t202" style="width:141.75pt;height:42.5pt">'
            f'<v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


# --- word-like.docx -----------------------------------------------------------------------

# "{{项目名称}}" typed in three goes: bold "{{项", a proofing mark, italic "目名" with other
# rsids, a bookmark, then "称}}" in the paragraph's plain font.
split_title = (r('项目名称：', '<w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/>')
               + r('{{项', '<w:b/><w:sz w:val="32"/>')
               + '<w:proofErr w:type="spellStart"/>'
               + r('目名', '<w:i/><w:sz w:val="32"/>', rsid='00DD0011')
               + '<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
               + r('称}}', '<w:sz w:val="32"/>', rsid='00EE0022')
               + '<w:bookmarkEnd w:id="0"/>')

# "{" "{" in different runs, the path split by a bookmark, "}}" after a hyperlink boundary.
across_link = (r('主管部门：{') + '<w:bookmarkStart w:id="1" w:name="部门"/>' + r('{unit.dep')
               + '<w:bookmarkEnd w:id="1"/><w:hyperlink r:id="rIdLink" w:history="1">'
               + r('artment}', '<w:rStyle w:val="Hyperlink"/>') + '</w:hyperlink>' + r('}（单位）'))

body = ''.join([
    p(split_title, '<w:jc w:val="center"/>'),
    p(across_link),
    p(r('填报日期：') + r('{{filledOn | date:“yyyy年M月d日”}}') + r('，总分 ') + r('{{total | number:2}}', '<w:b/>')),
    # A text box in the body with a split tag.
    p(r('文本框锚点') + textbox(p(r('等次：{{gr') + r('ade}}', '<w:color w:val="FF0000"/>')), 11)),
    # Footnote reference.
    p(r('资金说明') + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'),
    # Multi-line value alone in its paragraph, keeping the first-line indent.
    p(r('{{goals.achieved}}'), '<w:ind w:firstLineChars="200" w:firstLine="640"/>'),
    # Inverted sections and an inline loop with separators.
    p(r('偏差：{{^deviation}}无{{/deviation}}{{#deviation}}{{deviation}}{{/deviation}}')),
    p(r('评价人员：{{#evaluators}}{{name}}（{{title}}）{{^@last}}、{{/@last}}{{/evaluators}}')),
    # Paragraph loop containing a table (and a nested loop two deep).
    pt('{{#funds}}'),
    p(r('资金来源：{{source}}', '<w:b/>')),
    tbl(tr(tc(pt('预算数')), tc(pt('{{annualBudget | money}}')), tc(pt('执行数')), tc(pt('{{executed | money}}')))),
    p(r('用途：{{#uses}}{{.}}{{^@last}}；{{/@last}}{{/uses}}')),
    pt('{{/funds}}'),
    # Row loop with merged 一级/二级 columns.
    pt('绩效指标', '<w:jc w:val="center"/>'),
    tbl(tr(tc(pt('一级指标')), tc(pt('二级指标')), tc(pt('三级指标')), tc(pt('实际值'))),
        tr(tc(p(r('{{#indicators}}') + r('{{level1 | merge}}'))), tc(pt('{{level2 | merge}}')),
           tc(pt('{{name}}')), tc(pt('{{actual}}{{/indicators}}')))),
    # A loop inside a nested table.
    tbl(tr(tc(pt('附表'), 3600), tc(tbl(tr(tc(pt('{{#milestones}}{{@number}}'), 1600), tc(pt('{{text}}{{/milestones}}'), 1600)), cols=2, width=1600) + p(''), 3600)), cols=2, width=3600),
    # The numbered outline.
    pt('{{> body}}', '<w:ind w:firstLine="640"/>'),
    pt('（完）', '<w:jc w:val="right"/>'),
])

sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" '
        'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')
document = f'{DECL}<w:document {NS}><w:body>{body}{sect}</w:body></w:document>'

header = (f'{DECL}<w:hdr {NS}>'
          + p(r('{{un') + r('it.name}}', '<w:u w:val="single"/>') + r(' 绩效自评') + textbox(p(r('编号 {{id}}')), 21), '<w:pStyle w:val="Header"/>')
          + '</w:hdr>')
footer = (f'{DECL}<w:ftr {NS}>'
          + tbl(tr(tc(pt('联系电话')), tc(p(r('{{con') + '<w:proofErr w:type="gramStart"/>' + r('tact}}')))), cols=2)
          + p('', '<w:pStyle w:val="Footer"/>') + '</w:ftr>')
footnotes = (f'{DECL}<w:footnotes {NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1">' + p('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                                        + r(' 资金单位：{{fund') + r('Unit | default:“万元”}}')) + '</w:footnote></w:footnotes>')

styles = (f'{DECL}<w:styles {NS}>'
          '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋" w:hAnsi="Times New Roman"/>'
          '<w:sz w:val="28"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
          '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>'
          '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:qFormat/>'
          '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:qFormat/>'
          '<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/><w:sz w:val="32"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:qFormat/>'
          '<w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="a"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="a"/></w:style>'
          '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
          '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
          '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
          '</w:styles>')

content_types = (f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                 '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
                 '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
                 '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                 '</Types>')
package_rels = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                '</Relationships>')
document_rels = (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                 '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
                 '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
                 '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                 '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.mof.gov.cn/" TargetMode="External"/>'
                 '</Relationships>')


def write_docx(path, parts):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode('utf-8'))


def package(document_xml, header_xml=header, footer_xml=footer, footnotes_xml=footnotes):
    return [('[Content_Types].xml', content_types), ('_rels/.rels', package_rels),
            ('word/document.xml', document_xml), ('word/_rels/document.xml.rels', document_rels),
            ('word/styles.xml', styles), ('word/header1.xml', header_xml), ('word/footer1.xml', footer_xml),
            ('word/footnotes.xml', footnotes_xml)]


write_docx(os.path.join(HERE, 'word-like.docx'), package(document))

data = {
    "id": "zhongdian-jiuzhu",
    "项目名称": "重点救助对象医保补助 & <特殊>“项目” 𠮷",
    "unit": {"name": "某县医疗保障局", "department": "某县卫生健康局"},
    "contact": "0812-1234567",
    "filledOn": "2022-06-27",
    "total": 92.456,
    "grade": "优",
    "goals": {"achieved": "资助重点救助对象参保人次4863人。\n全员覆盖。\n\t按时足额拨付。"},
    "deviation": "",
    "evaluators": [{"name": "张三", "title": "副主任"}, {"name": "李四", "title": "科长"}],
    "funds": [
        {"source": "财政资金", "annualBudget": 5, "executed": "4.8", "uses": ["参保补助", "宣传"]},
        {"source": "其他资金", "annualBudget": 1.255, "executed": 0, "uses": []},
    ],
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "参保人数", "actual": "4863人"},
        {"level1": "产出指标", "level2": "数量指标", "name": "覆盖率", "actual": "100%"},
        {"level1": "产出指标", "level2": "成本指标", "name": "参保费用", "actual": "320元/人"},
        {"level1": "效益指标", "level2": "成本指标", "name": "社会效益", "actual": "显著"},
        {"level1": "满意度指标", "level2": "服务对象满意度", "name": "满意度", "actual": "98%"},
    ],
    "milestones": [{"text": "启动"}, {"text": "验收"}],
    "body": [
        {"heading": "项目基本情况", "children": [
            {"heading": "项目概况", "text": "进一步健全医疗救助制度。\n第二段。"},
            {"heading": "资金情况", "children": [{"heading": "预算", "text": "5万元。"}]}]},
        {"heading": "评价结论", "text": "总体良好。"},
    ],
}
with open(os.path.join(HERE, 'word-like.json'), 'w', encoding='utf-8') as f:
    json.dump(data, f, ensure_ascii=False, indent=2)
    f.write('\n')

# --- bad.docx: one of each template error ----------------------------------------------------

bad_body = ''.join([
    pt('正常 {{name}}'),                                           # 1
    pt('{{#open}} 没有结束'),                                       # 2  E-TPL-001
    pt('{{name | nosuch}}'),                                       # 3  E-TPL-004
    p(r('{{na') + r('me x}}')),                                    # 4  E-TPL-005
    pt('{{name'),                                                  # 5  E-TPL-011
    tbl(tr(tc(pt('{{#rows}}')), tc(pt('x')))),                     # 6, 7  E-TPL-006
    pt('{{/rows}}'),                                               # 8
    pt('{{v | number:abc}}'),                                      # 9  E-TPL-009
    pt('前言 {{> body}}'),                                          # 10 E-TPL-007
])
bad_document = f'{DECL}<w:document {NS}><w:body>{bad_body}{sect}</w:body></w:document>'
bad_header = f'{DECL}<w:hdr {NS}>' + pt('{{/nothing}}') + '</w:hdr>'     # E-TPL-002
write_docx(os.path.join(HERE, 'bad.docx'), package(bad_document, header_xml=bad_header))
