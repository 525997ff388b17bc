#!/usr/bin/env python3
"""Keeps docs/模板维护指南.md true to the program: the messages of §四 (each common mistake
made on a copy of the default 自评表 and checked with the built binary) and the field tables
of §五 (`reportgen template fields --for KIND`).

    swift build && python3 scripts/guide-sync.py           # rewrite both sections in place
    swift build && python3 scripts/guide-sync.py --check   # exit 1 when the guide differs

Standard library only. Each mistake replaces the first occurrence of a text in
word/document.xml (or the parts it names) of templates/self-evaluation-sheet.docx (or the
default template it names), as a person would in Word.
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs/模板维护指南.md"
# The binary to run (tests pass the one they built).
BINARY = pathlib.Path(os.environ.get("REPORTGEN_BINARY", ROOT / ".build/debug/reportgen"))
SHEET = ROOT / "templates/self-evaluation-sheet.docx"

# The empty header cell above 绩效指标 and the indicator row's first cell, as the default 自评表 has them.
HEADER_CELL = '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableHeader"/></w:pPr></w:p></w:tc>'
LOOP_CELL = '<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:vMerge w:val="restart"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableSideHeader"/></w:pPr><w:r><w:t>{{#indicators}}绩效指标</w:t></w:r></w:p></w:tc>'

# A column chart (插入 → 图表) whose title holds a tag, and its frame in a paragraph of its own.
CHART = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
         ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{{year}}年度资金执行情况</a:t>'
         '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
         '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>执行数</c:v></c:tx><c:val><c:numLit><c:ptCount val="1"/><c:pt idx="0"><c:v>5</c:v></c:pt>'
         '</c:numLit></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>')
CHART_FRAME = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
               '<wp:extent cx="5400000" cy="2340000"/><wp:docPr id="901" name="图表 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
               ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId92"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')

# (heading as the guide prints it, [(old, new), …]); `old` is replaced once.
MISTAKES = [
    ("**1. 英文字段名拼错**（`{{project.implementer}}` 写成 `{{project.implementor}}`）：",
     [("{{project.implementer}}", "{{project.implementor}}")]),
    ("**2. 中文名写错**（`{{填报人}}` 写成 `{{填表人}}`）：", [("{{contact.name}}", "{{填表人}}")]),
    ("**3. 用中文输入法打了全角大括号**（`｛｛项目名称｝｝`；不改正的话会原样印在报告里）：",
     [("{{project.name}}", "｛｛项目名称｝｝")]),
    ("**4. 全角竖线**（`｜` 应为半角 `|`）：", [("{{contact.phone}}", '{{联系电话 ｜ default:"无"}}')]),
    ("**5. 全角冒号**（`：` 应为半角 `:`）：", [("{{contact.phone}}", '{{联系电话 | default："无"}}')]),
    ("**6. 两个大括号之间多了空格**（`{ {项目名称}}`）：", [("{{project.name}}", "{ {项目名称}}")]),
    ("**7. 删掉了重复区段的结束标签**（删去 `{{/indicators}}`；这一行中 `| merge` 的标签不另报错，补上结束标签即可）：",
     [("{{/indicators}}", "")]),
    ("**8. 在中文日期上再用 date 过滤器**：", [("{{filledOnText}}", '{{filledOnText | date:"yyyy年M月d日"}}')]),
    ("**9. 过滤器名拼错**：", [("{{sheet.total}}", "{{sheet.total | nubmer:1}}")]),
    ("**10. 比较的文字没加引号**（应为 `{{#等次 == \"优\"}}`）：",
     [("{{sheet.grade}}", "{{#等次 == 优}}优秀{{/}}")]),
    ("**11. 图片标签用在文字字段上**（`{{%单位名称}}`；图片只能用图片字段，如 `{{%公章}}`）：",
     [("填报日期：", "盖章：{{%单位名称}}　填报日期：")]),
    ("**12. 图片字段名写错**（`{{%seal}}`；应为 `{{%公章}}` 或 `{{%unit.seal}}`）：",
     [("填报日期：", "盖章：{{%seal}}　填报日期：")]),
    ("**13. 想只重复几列**（把 `{{#evaluators}}`、`{{/evaluators}}` 放在“合计”行中间的两个单元格；这是警告，整行仍会按每一项重复；"
     "被替换掉的合计分值、总分另报错误 E-TPL-038）：",
     [("{{sheet.totalWeight}}", "{{#evaluators}}{{姓名}}"), ("{{sheet.total}}", "{{电话}}{{/evaluators}}")]),
    ("**14. 结束标签拼错**（`{{/indicators}}` 写成 `{{/indicator}}`；只报这一条，外层的区段不受牵连）：",
     [("{{/indicators}}", "{{/indicator}}")]),
    ("**15. 标签中间按了回车**（`{{project.implementer}}` 被分成两段；报告一条，指出两半）：",
     [("{{project.implementer}}", "{{project.</w:t></w:r></w:p><w:p><w:r><w:t>implementer}}")]),
    ("**16. 数据中没有的字段**（在指标行加 `{{备注栏}}`；没有相近的名称时，列出此处可用的字段）：",
     [("{{deviation}}", "{{deviation}}{{备注栏}}")]),
    ("**17. 多打了一个大括号**（`{{项目名称}}}`；多出的 `}` 会原样印在每份报告里）：",
     [("<w:t>{{project.name}}</w:t>", "<w:t>{{项目名称}}}</w:t>")]),
    ("**18. 区段的 # 用了全角**（`{{＃indicators}}`；只报这一条，区段内的标签不受牵连）：",
     [("{{#indicators}}", "{{＃indicators}}")]),
    ("**19. 剪切了重复行的开始标签却忘了粘贴**（删去 `{{#indicators}}`；只报这一条，说明加在哪里）：",
     [("{{#indicators}}", "")]),
    ("**20. 复制表格行时多复制了一行**（指标的重复行被复制成两行；这是警告，不改的话每个指标印两遍）：",
     lambda text: duplicate_row(text, "{{#indicators}}")),
    ("**21. 结束标签移进了下一行**（`{{/indicators}}` 从指标行剪切到“合计”行末尾；这是警告，不改的话“合计”行随每个指标印一遍）：",
     [("{{deviation}}{{/indicators}}", "{{deviation}}"), ("等次：{{sheet.grade}}", "等次：{{sheet.grade}}{{/indicators}}")]),
    ("**22. 删除了最后一列**（删去“偏差原因分析及改进措施”列，结束标签 `{{/indicators}}` 随单元格一起删掉了）：",
     lambda text: drop_last_cell(text, "{{#indicators}}")),
    ("**23. 保存时留着修订**（打开了“修订”改 `{{project.implementer}}`，没有接受修订；这是警告，不改的话每份报告都带着修订标记）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       '<w:r><w:t>{{project.impl</w:t></w:r><w:del w:id="1" w:author="张三" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>ementor</w:delText></w:r></w:del>'
       '<w:ins w:id="2" w:author="张三" w:date="2026-01-01T00:00:00Z"><w:r><w:t>ementer</w:t></w:r></w:ins><w:r><w:t>}}</w:t></w:r>')]),
    ("**24. 打到一半切换了输入法**（`{{项目名称}｝`：最后一个大括号是全角；不改正的话会原样印在报告里）：",
     [("{{project.name}}", "{{项目名称}｝")]),
    ("**25. 删掉了“合计”行**（指标表的“合计”行连同 `{{sheet.total}}`、`{{sheet.grade}}` 一起删掉；不改的话自评表没有总分和等次）：",
     lambda text: delete_row(text, "{{sheet.total}}")),
    ("**26. 删掉了指标行，留下了“合计”行**（这是警告，不改的话这张表只有合计、不列指标）：",
     lambda text: delete_row(text, "{{#indicators}}")),
    ("**27. 标签中间按了 Shift+Enter**（手动换行符把 `{{project.implementer}}` 断成两行；不改的话每份报告在值后面多出一个换行）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>", "<w:r><w:t>{{project.imple</w:t><w:br/><w:t>menter}}</w:t></w:r>")]),
    ("**28. 只把标签的一半设成加粗**（选中 `implementer}}` 加粗；这是警告，生成的值按标签开头的格式印出，不加粗）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       "<w:r><w:t>{{project.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>implementer}}</w:t></w:r>")]),
    ("**29. 保存时留着批注**（审阅时在 `{{project.implementer}}` 上加了批注；这是警告，不删的话每份报告都带着这条批注）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       '<w:commentRangeStart w:id="0"/><w:r><w:t>{{project.implementer}}</w:t></w:r><w:commentRangeEnd w:id="0"/>'
       '<w:r><w:commentReference w:id="0"/></w:r>')]),
    ("**30. 用了 Word 的邮件合并域**（邮件 → 插入合并域，显示为 `«实施单位»`；reportgen 只填标签，不改正的话每份报告都印出 «实施单位»）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       '<w:fldSimple w:instr=" MERGEFIELD 实施单位 \\* MERGEFORMAT "><w:r><w:t>«实施单位»</w:t></w:r></w:fldSimple>')]),
    ("**31. 大括号打成了方头括号**（`{{实施单位】`：中文输入法下没按住 Shift，`}` 成了 `】`；不改正的话会原样印在报告里）：",
     [("{{project.implementer}}", "{{实施单位】")]),
    ("**32. 标签打在了 Word 的域上**（把“填报日期：”后面的日期域（插入 → 日期和时间，勾选“自动更新”）中的日期改写成 `{{filledOnText}}`；"
     "打开或打印时日期域会重新计算，报告印出的是当天的日期）：",
     [("填报日期：{{filledOnText}}</w:t></w:r>",
       '填报日期：</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
       '<w:r><w:instrText xml:space="preserve"> DATE \\@ &quot;yyyy年M月d日&quot; </w:instrText></w:r>'
       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{{filledOnText}}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')]),
    ("**33. 标签放进了文档属性控件**（插入 → 文档部件 → 文档属性 → 标题，在控件里输入 `{{project.implementer}}`；打开报告时控件显示文档的标题，不是填入的值）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       '<w:sdt><w:sdtPr><w:alias w:val="标题"/><w:tag w:val=""/><w:id w:val="1236"/>'
       "<w:dataBinding w:prefixMappings=\"xmlns:ns0='http://purl.org/dc/elements/1.1/' "
       "xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties' \" "
       'w:xpath="/ns1:coreProperties[1]/ns0:title[1]" w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/>'
       '<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{{project.implementer}}</w:t></w:r></w:sdtContent></w:sdt>')]),
    ("**34. 输入法处于全角状态**（`{{ｐｒｏｊｅｃｔ.implementer}}`：字母是全角的，在 Word 中看起来几乎一样）：",
     [("{{project.implementer}}", "{{ｐｒｏｊｅｃｔ.implementer}}")]),
    ("**35. 从网页或微信复制的标签带着看不见的字符**（`{{project.implementer}}` 中间有一个零宽空格）：",
     [("{{project.implementer}}", "{{project.\u200bimplementer}}")]),
    ("**36. 把“绩效指标”与上面的表头单元格合并了**（合并后 `{{#indicators}}` 随文字进了表头行；不改的话每个指标前都印一遍表头）：",
     [(HEADER_CELL, HEADER_CELL.replace('w:type="dxa"/>', 'w:type="dxa"/><w:vMerge w:val="restart"/>', 1).replace(
         "</w:p></w:tc>", '</w:p><w:p><w:pPr><w:pStyle w:val="TableSideHeader"/></w:pPr><w:r><w:t>{{#indicators}}绩效指标</w:t></w:r></w:p></w:tc>')),
      (LOOP_CELL, '<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:vMerge/><w:vAlign w:val="center"/></w:tcPr>'
                  '<w:p><w:pPr><w:pStyle w:val="TableSideHeader"/></w:pPr></w:p></w:tc>')]),
    ("**37. 给指标行也勾选了“重复标题行”**（这是警告；不改的话表格跨页时续页顶端没有表头）：",
     [("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + LOOP_CELL, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" + LOOP_CELL)]),
    ("**38. 标签设成了隐藏文字**（选中 `{{project.implementer}}` 按了 Ctrl+Shift+H；这是警告，不改的话报告中没有实施单位）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>{{project.implementer}}</w:t></w:r>")]),
    ("**39. 指标行设了固定行高**（表格属性 → 行 → 行高值是“固定值”；这是警告，不改的话一行放不下的指标名称、偏差原因被截去）：",
     [("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + LOOP_CELL,
       '<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="400" w:hRule="exact"/></w:trPr>' + LOOP_CELL)]),
    ("**40. 只把标签的后半设成了超链接**（选中 `{{project.name}}` 的 `name}}` 按 Ctrl+K 插入链接；这是警告，不改的话报告中的项目名称不带链接，链接是空的）：",
     [("<w:r><w:t>{{project.name}}</w:t></w:r>",
       '<w:r><w:t>{{project.</w:t></w:r><w:hyperlink w:anchor="附表" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
       '<w:t>name}}</w:t></w:r></w:hyperlink>')]),
    ("**41. 标签写成了内容控件的占位文字**（开发工具 → 设计模式，把内容控件的提示文字改成 `{{project.implementer}}`；这是警告，不改的话报告中的实施单位印成灰色）：",
     [("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
       '<w:sdt><w:sdtPr><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:id w:val="-1843466231"/><w:placeholder>'
       '<w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>'
       '<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{{project.implementer}}</w:t></w:r></w:sdtContent></w:sdt>')]),
    ("**42. 把指标表移进了文本框**（剪切整张表，粘贴到一个文本框里；这是警告，不改的话指标多时文本框放不下的行不会印出）：",
     lambda text: table_in_text_box(text, "{{#indicators}}")),
    ("**43. 水印的文字写成了标签**（设计 → 水印 → 自定义水印，文字写 `{{unit.name}}`；不改的话每份报告的每一页都印出 “{{unit.name}}”）：",
     {"word/header1.xml": lambda _: WATERMARK_HEADER,
      "word/_rels/document.xml.rels": [("</Relationships>", '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                                             'relationships/header" Target="header1.xml"/></Relationships>')],
      "[Content_Types].xml": [("</Types>", '<Override PartName="/word/header1.xml" ContentType="application/'
                                           'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')],
      "word/document.xml": [("<w:sectPr><w:footerReference", '<w:sectPr><w:headerReference w:type="default" r:id="rId90"/><w:footerReference')]}),
    ("**44. 开着“修订”插入了表格行**（在指标表中插入一行、把指标行的内容移进去，没有接受修订；这是警告，不改的话每份报告的每个指标行都标着“插入的行”）：",
     [("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + LOOP_CELL,
       '<w:tr><w:trPr><w:cantSplit/><w:ins w:id="7" w:author="张三" w:date="2026-11-20T09:00:00Z"/></w:trPr>' + LOOP_CELL)]),
    ("**45. 给重复行中的文字加了脚注**（在指标行的 `{{name}}` 后“引用 → 插入脚注”；不改的话只有第一个指标有脚注的文字，其余的脚注是空的）：",
     {"word/footnotes.xml": lambda _: FOOTNOTES,
      "word/_rels/document.xml.rels": [("</Relationships>", '<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                                             'relationships/footnotes" Target="footnotes.xml"/></Relationships>')],
      "[Content_Types].xml": [("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                                           'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')],
      "word/document.xml": [("<w:r><w:t>{{name}}</w:t></w:r>",
                             '<w:r><w:t>{{name}}</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')]}),
    ("**46. 在项目报告的标题下插入了目录**（`project-report.docx`：引用 → 目录 → 自动目录；这是警告，不改的话每份报告的目录都是“未找到目录项。”）：",
     [('<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>{{> body',
       '<w:sdt><w:sdtPr><w:id w:val="147476411"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr>'
       '<w:sdtContent><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
       '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>未找到目录项。</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
       '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>{{> body')], "project-report.docx"),
    ("**47. 保存前设置了限制编辑**（审阅 → 限制编辑 → 仅允许在文档中进行此类型的编辑：不允许任何更改（只读），启动强制保护；这是警告，不改的话每份报告都不能修改）：",
     {"word/settings.xml": [("<w:zoom", '<w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:zoom')]}),
    ("**48. 图表的标题写成了标签**（`project-report.docx`：插入 → 图表，标题写 `{{year}}年度资金执行情况`；不改的话每份报告的图表标题都印出 “{{year}}”）：",
     {"word/charts/chart1.xml": lambda _: CHART,
      "word/_rels/document.xml.rels": [("</Relationships>", '<Relationship Id="rId92" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                                             'relationships/chart" Target="charts/chart1.xml"/></Relationships>')],
      "[Content_Types].xml": [("</Types>", '<Override PartName="/word/charts/chart1.xml" ContentType="application/'
                                           'vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>')],
      "word/document.xml": [("<w:t>{{filledOnText}}</w:t></w:r></w:p>", "<w:t>{{filledOnText}}</w:t></w:r></w:p>" + CHART_FRAME)]},
     "project-report.docx"),
    ("**49. 公式里写了标签**（在“填报日期”后插入 → 公式，写 `执行率={{funds.total.executed}}÷{{funds.total.annualBudget}}`；不改的话每份报告都原样印出这些标签）：",
     [("填报日期：{{filledOnText}}</w:t></w:r>",
       '填报日期：{{filledOnText}}</w:t></w:r><m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r>'
       '<m:t>执行率={{funds.total.executed}}÷{{funds.total.annualBudget}}</m:t></m:r></m:oMath>')]),
    ("**50. 给“表头”样式改了名**（`project-report.docx`：在“样式”窗格中把“表头”改名为“表格表头”，Word 保存时样式 ID 也变了；这是警告，"
     "不改的话正文中生成的表格的表头不再用模板的表头格式）：",
     {"word/styles.xml": [('w:styleId="TableHeader">', 'w:styleId="a5">'), ('<w:name w:val="表头"/>', '<w:name w:val="表格表头"/>'),
                          ('<w:basedOn w:val="TableHeader"/>', '<w:basedOn w:val="a5"/>')]},
     "project-report.docx"),
    ("**51. 在 WPS 中把“标题 1”改名为“大标题”**（`project-report.docx`：WPS 保存时样式 ID 也变了，新名称与原名毫不相像；这是警告，"
     "不改的话正文的一级标题印成正文，不加粗、不进目录）：",
     {"word/styles.xml": [('w:styleId="Heading1">', 'w:styleId="2">'), ('<w:name w:val="heading 1"/>', '<w:name w:val="大标题"/>')]},
     "project-report.docx"),
]


FOOTNOTES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 指标按年初申报的绩效目标填写。</w:t></w:r></w:p></w:footnote></w:footnotes>')


SHAPE_NAMESPACES = (' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
                    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
                    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
                    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')


def table_in_text_box(text, marker):
    """The table holding `marker` cut and pasted into a text box of fixed size, as Word saves
    one: the drawing, and its VML copy under mc:Fallback."""
    text = text.replace('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
                        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"' + SHAPE_NAMESPACES, 1)
    at = text.index(marker)
    start = text.rindex("<w:tbl>", 0, at)
    end = text.index("</w:tbl>", at) + len("</w:tbl>")
    content = "<w:txbxContent>" + text[start:end] + "<w:p/></w:txbxContent>"
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
           '<wp:extent cx="8100000" cy="2500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="3" name="文本框 3"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
           '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="8100000" cy="2500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
           f'<wps:txbx>{content}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
           '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           f'<v:shape id="文本框 3" type="#_x0000_t202" style="width:638pt;height:197pt"><v:textbox>{content}</v:textbox></v:shape>'
           '</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    return text[:start] + box + text[end:]


WATERMARK_HEADER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
                    '<w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" style="position:absolute;margin-left:0;'
                    'margin-top:0;width:412.4pt;height:164.95pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
                    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
                    '<v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="{{unit.name}}"/></v:shape></w:pict></w:r></w:p></w:hdr>')


def row_around(text, marker):
    """The table row (<w:tr>…</w:tr>) holding the first marker."""
    at = text.index(marker)
    start = text.rindex("<w:tr>", 0, at)
    return start, text.index("</w:tr>", at) + len("</w:tr>")


def duplicate_row(text, marker):
    start, end = row_around(text, marker)
    return text[:end] + text[start:end] + text[end:]


def delete_row(text, marker):
    start, end = row_around(text, marker)
    return text[:start] + text[end:]


def drop_last_cell(text, marker):
    start, end = row_around(text, marker)
    cell = text.rindex("<w:tc>", start, end)
    return text[:cell] + text[text.index("</w:tc>", cell) + len("</w:tc>"):]


def edited(name, text, edits):
    """`text` of part `name` with `edits` made: (old, new) pairs, or a function of the text."""
    if callable(edits):
        return edits(text)
    for old, new in edits:
        if old not in text:
            sys.exit(f"{name} has no {old}")
        text = text.replace(old, new, 1)
    return text


def check_output(edits, template=SHEET.name):
    # Edits of word/document.xml, or {part: edits} (a part the template lacks is added: its
    # function is given None), of the default `template` (the 自评表 unless the mistake says).
    by_part = edits if isinstance(edits, dict) else {"word/document.xml": edits}
    with tempfile.TemporaryDirectory() as tmp:
        target = pathlib.Path(tmp) / template
        with zipfile.ZipFile(ROOT / "templates" / template) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            names = source.namelist()
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in by_part:
                    data = edited(info.filename, data.decode("utf-8"), by_part[info.filename]).encode("utf-8")
                out.writestr(info, data)
            for name, make in by_part.items():
                if name not in names:
                    out.writestr(name, make(None).encode("utf-8"))
        result = subprocess.run([str(BINARY), "template", "check", template], cwd=tmp, capture_output=True, text=True)
        lines = (result.stdout + result.stderr).rstrip("\n").split("\n")
        # A warning alone passes: its success line (with the tag count) is left out.
        return [line for line in lines if "检查通过" not in line]


def mistakes_section():
    parts = ["以下提示是对默认自评表（条目中写明的，是对该默认模板）做相应修改后 `reportgen template check` 的原样输出"
             "（由 `python3 scripts/guide-sync.py` 运行程序生成，`--check` 核对本节与程序一致）。\n"]
    for heading, edits, *template in MISTAKES:
        parts.append(heading + "\n\n" + "\n".join("    " + line for line in check_output(edits, *template)) + "\n")
    return "\n".join(parts)


def fields_section(kind):
    result = subprocess.run([str(BINARY), "template", "fields", "--for", kind], capture_output=True, text=True, check=True)
    lines = result.stdout.rstrip("\n").split("\n")
    out = [f"### {kind}", "", lines[0], "", "| 中文名 | 路径 | 含义 | 示例 |", "|---|---|---|---|"]
    for line in lines[2:]:
        cells = (line.split("\t") + ["", "", "", ""])[:4]
        # The closing notes of the listing (no path) are said in the guide's own words; a
        # project attachment's copy of every project field is one sentence below the table.
        if not cells[1] or (cells[1].startswith("attachments[].") and cells[0].endswith("（仅说明）")):
            continue
        cells = [c.replace("|", "\\|") for c in cells]
        out.append(f"| {cells[0]} | `{cells[1]}` | {cells[2]} | {cells[3]} |")
    return "\n".join(out) + "\n"


def rewrite(text):
    start = text.index("## 四、")
    body_start = text.index("\n", start) + 1
    end = text.index("\n另外，单个全角大括号", body_start)
    text = text[:body_start] + "\n" + mistakes_section() + text[end:]
    for kind in ["project", "summary", "document"]:
        m = re.search(rf"^### {kind}\n\n[^\n]*\n\n(?:\|[^\n]*\n)+", text, re.M)
        if not m:
            sys.exit(f"no ### {kind} table in the guide")
        text = text[:m.start()] + fields_section(kind) + text[m.end():]
    return text


def main():
    if not BINARY.exists():
        sys.exit("build first: swift build")
    old = GUIDE.read_text(encoding="utf-8")
    new = rewrite(old)
    if "--check" in sys.argv:
        if new != old:
            print(f"{GUIDE.name} differs from the program's output; run python3 scripts/guide-sync.py")
            sys.exit(1)
        print(f"{GUIDE.name}: §四 and §五 agree with the program")
        return
    GUIDE.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
