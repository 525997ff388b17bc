#!/usr/bin/env python3
"""Print the tables of problem codes for docs/数据格式.md §6: definition and accounts codes
(E-DEF/W-DEF/E-FA/W-FA/E-IMP, §6.2) and template codes (E-TPL/W-TPL, §6.3), read from the Swift
catalogue (Sources/ErrorCodes/ErrorCode.swift) so that the tables list every code the program can report.

    python3 scripts/doc-codes.py           # print the Markdown tables
    python3 scripts/doc-codes.py --check   # exit 1 when docs/数据格式.md misses a code or lists an unknown one

The Chinese meaning of each code is kept here, keyed by code; a code without one fails the run,
so a new code in the sources cannot be left out of the documentation.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "Sources/ErrorCodes/ErrorCode.swift"]
DOC = ROOT / "docs/数据格式.md"

MEANING = {
    "E-CLI-013": "命令行有误（缺少参数或选项的值、没有这个选项、取值类型不对、多余的参数）：退出码 2，其下印出用法",
    "E-DEF-001": "文件不存在、无法读取、是目录或超过 64 MB（含 `projects`、`finalAccounts`、`department` 引用的文件）",
    "E-DEF-003": "同一对象中键重复（只有一个会生效）",
    "E-DEF-004": "`projects` 中的通配符没有匹配到任何文件",
    "E-DEF-005": "循环引用：路径或通配符指向报告包文件本身",
    "E-DEF-006": "`format` 不是 `reportgen/1`",
    "E-DEF-010": "类型不对（应为对象/数组/字符串/数字/布尔值）",
    "E-DEF-011": "缺少必填字段；评分方案 mof-2020/ippe 的资金条目缺少 `annualBudget` 或 `executed`",
    "E-DEF-012": "未知字段（附“是否应为”建议；`_` 开头与 `$schema` 除外）；`subtotals` 中没有该名称的小计",
    "E-DEF-013": "取值不在允许范围：枚举值（`scoring`、`level`、`unit`、`direction`、`grade`、`table`）、年度 1949–2200、非金额的负数、没有 `table` 的 `level1`",
    "E-DEF-014": "不是数字或数字字符串、无法精确表示（≥ 10^15、小数超过 10 位）、年度不是整数；mof-2020 未给出 `score` 的指标，目标值或实际值中的数超过 20 位数字（多打了数字，不当作定性指标）",
    "E-DEF-015": "金额为负数",
    "E-DEF-016": "日期不是有效的 `yyyy-mm-dd`",
    "E-DEF-017": "项目 `id` 含小写字母、数字、连字符以外的字符",
    "E-DEF-018": "项目 `id` 在报告包内重复",
    "E-DEF-019": "项目 `name` 在报告包内重复（输出文件按名称命名）",
    "E-DEF-020": "必须非空的文字为空；大纲节点什么都没有",
    "E-DEF-021": "（程序内部读取单个项目时）项目没有 `year`；命令行校验单个文件时改为 W-DEF-012/013",
    "E-DEF-022": "`period.to` 早于 `period.from`",
    "E-DEF-030": "同一项目的资金条目混用 万元 与 元",
    "E-DEF-031": "给定的资金合计行（`source` 为 合计/总计/小计/年度总金额）与各来源之和不符",
    "E-DEF-032": "无法计算预算执行率（全年预算数合计为 0 或没有资金）；ippe 无法计算 资金到位率/预算执行率 且未给出得分",
    "E-DEF-040": "mof-2020：未给出 `score` 的指标，目标值与实际值单位不能换算（`人` 与 `%`）",
    "E-DEF-041": "mof-2020：未给出 `score` 的指标，目标值或实际值含无法识别的计量单位",
    "E-DEF-042": "mof-2020：定性指标（或实际值为区间）既没有 `score`，实际值也与目标值文字不同",
    "E-DEF-044": "给出的得分超过分值（指标、`budgetExecution.score`、`ippeScores`）",
    "E-DEF-045": "mof-2020 的指标缺少 `weight`",
    "E-DEF-050": "给出的 `totalScore`（或项目正文照录的“总得分N分”）与计算的总分不符",
    "E-DEF-051": "给出的 `subtotals` 中某一小计与计算值不符",
    "E-DEF-052": "给出的 `grade`（或项目正文照录的“属于“优秀””“等次为优”）与按总分计算的等次不符",
    "E-DEF-060": "`ippeScores` 的键不是 ippe 子项（应为“二级指标/三级指标”，附建议）",
    "E-DEF-061": "`ippeScores` 缺少子项（资金到位率、预算执行率两项除外）",
    "E-DEF-062": "字段不适用于该评分方案：ippe 有 `budgetExecution`；非 ippe 有 `ippeScores`；none 有 `score`/`totalScore`/`grade`/`subtotals`",
    "E-DEF-080": "大纲节点同时有 `heading` 和 `item`",
    "E-DEF-090": "`department` 给出了 `totalScore`/`grade`/`subtotals`，却没有 `indicators`（或 `scoring`、`ippeScores`）",
    "E-DEF-091": "`department` 正文中的标签（`{{项目.执行数}}`、决算说明的 `{{收入.合计}}` 等）写错、项目 id 不存在或所选项目缺少数据",
    "W-DEF-001": "已停用（分值合计不是 100 曾为此警告，现为错误 E-DEF-100）；代码不再使用",
    "W-DEF-030": "mof-2020 项目还没有任何指标（如 `import --projects` 写出的骨架）：分值合计是否为 100（E-DEF-100）在补全指标后核对",
    "W-DEF-031": "正文手打的金额（“实际支出40.83万元”“已到位……205.1万元”“全年预算……”“资金支出76556元”）按正文的位数不等于资金表上任何一个同类的数（合计、各来源、各级次、各条目）；可改用资金标签 `{{资金.执行数}}`（§2.7）",
    "E-DEF-100": "mof-2020 的分值合计（预算执行 + 指标）不是绩效自评表要求的 100（消息给出合计与要求的合计）",
    "E-DEF-101": "项目正文中的资金标签（`{{资金.执行数}}`、`{{资金:省级.到位数}}` 等）写错、所指的级次或来源不存在，或该金额没有填写、含未列金额（§2.7）",
    "E-DEF-102": "`department` 或 `finalAccounts` 指向的文件已作为项目文件（或另一项）读入：同一文件不能兼作两种用途，否则该文档不生成",
    "E-DEF-103": "文字中含有方向控制字符（从右到左强制 U+202E、方向标记 U+200E/U+200F 等，多半是从网页、微信、PDF 复制来的）：Word 中其后的文字倒着或错位显示；消息写出它在值中的位置（〔名称〕）",
    "E-DEF-112": "表格节点的 `level1` 不是该表中的一级指标（mof-2020、none 的指标表有 `预算执行指标` 一行与各指标的一级指标；ippe 的 `scoresheet` 为 投入/过程/产出/效果），或写在资金表（`funds`、`funds-summary`）上：那里什么也印不出，以前 `validate` 通过而 `package` 报模板错误 E-RND-003；消息列出可选的一级指标",
    "W-DEF-002": "给出的得分与按完成率计算的不同（采用给出的得分）",
    "W-DEF-003": "完成率低于 90% 或高于 130% 而没有 `deviation`（none 方案不提示）",
    "W-DEF-004": "mof-2020 的预算执行率低于 90% 而没有 `budgetExecution.deviation`",
    "W-DEF-005": "同一文件被引用两次（只读取一次）",
    "W-DEF-006": "mof-2020 中给出 `score` 的指标，其目标值/实际值单位不明或不能换算（采用给出的得分）；ippe/none 中未给 `score` 的指标单位不能换算（不计完成率）",
    "W-DEF-007": "资金条目的实际到位大于全年预算，或全年执行大于实际到位（无到位数时大于全年预算）",
    "W-DEF-008": "项目的 `year` 与报告包的年度不同",
    "W-DEF-010": "项目没有任何资金数额，报告不附《项目资金情况表》",
    "W-DEF-011": "不评分（none）且没有指标，报告不附《项目支出绩效自评表》",
    "W-DEF-012": "单独校验的项目文件没有 `year`，取同一目录或上一级目录 package.json 的年度",
    "W-DEF-013": "单独校验的项目文件没有 `year`，附近也没有 package.json",
    "E-IMP-001": "`reportgen import`：不是 .xlsx 工作簿（缺少 workbook 部件），或工作表指向的部件不存在",
    "E-IMP-002": "`--sheet` 给出的工作表不存在（列出已有的工作表）；CSV 只有一张表",
    "E-IMP-003": "工作表的单元格或合并范围无法读取：地址、类型、共享字符串序号或数值无效",
    "E-IMP-010": "要导入的文件不存在、无法读取，或既不是 .xlsx 也不是 .csv",
    "E-IMP-011": "CSV 既不是 UTF-8 也不是 GB18030 编码",
    "E-IMP-012": "CSV 的引号不成对（RFC 4180：含逗号、引号、换行的字段整体加引号，引号写两遍）",
    "E-IMP-013": "工作表超过 10000 行或 200 列",
    "E-IMP-020": "找不到绩效指标表的表头（一级指标、二级指标、三级指标……）",
    "E-IMP-021": "表头缺少需要的列（二级指标、三级指标、年度指标值、实际完成值；清单的项目名称）",
    "E-IMP-022": "表头中有无法归入任何已知列的单元格（逐个列出，不忽略）",
    "E-IMP-023": "两列表示同一含义",
    "E-IMP-024": "没有项目名称（自评表的“项目名称”一格、清单某行的项目名称）",
    "E-IMP-025": "金额单位不是 元 或 万元，或两处写了不同的单位",
    "E-IMP-026": "输出文件名不是 `项目标识.json`（小写字母、数字、连字符）；清单的项目代码中没有字母或数字",
    "E-IMP-030": "应为数字的单元格（分值、得分、金额）写了文字",
    "E-IMP-031": "金额为负数",
    "E-IMP-032": "指标行缺少一级/二级/三级指标、年度指标值或实际完成值；ippe 评分表的行缺少得分",
    "E-IMP-033": "单元格是错误值（`#DIV/0!`），或公式没有保存计算结果",
    "E-IMP-034": "项目资金表中有金额的行，资金来源不是 年度资金总额/财政拨款/上年结转资金/其他资金",
    "E-IMP-035": "年度资金总额有金额，而各来源行（财政拨款、上年结转资金、其他资金）都没有",
    "E-IMP-036": "指标表上方有数字不在任何可识别的块中（如写在表外的“项目预算 167.64”）",
    "E-IMP-040": "表中给出的执行率、到位率或完成率与由表中数字算出的不符",
    "E-IMP-041": "给出的分值合计（清单为金额合计）与各行之和不符",
    "E-IMP-048": "给出的合计（分值合计、总分、等次、资金合计、清单的金额合计）所合计的某一格读不出：该合计未核对，消息指出是哪一格（其余合计照常核对）",
    "E-IMP-042": "导入的定义未通过校验：引用校验的代码（如 E-DEF-031 资金合计不符、E-DEF-050 总分不符、E-DEF-052 等次不符），并指出单元格",
    "E-IMP-043": "等次不是 优、良、中、差",
    "E-IMP-045": "项目清单中没有年度或填报单位，需用 `--year` / `--unit` 给出",
    "E-IMP-046": "项目清单中项目名称或项目标识重复",
    "E-IMP-047": "输出文件已存在（`--projects` 时；导入自评表时内容不同才算）需加 `--force` 才覆盖，或无法写出",
    "W-DEF-020": "不评分（none）的项目既没有资金数额也没有指标，不生成单独的《项目支出绩效自评表》（DOCX 与 CSV）",
    "W-DEF-021": "二级指标不属于所填的一级指标（数量/质量/时效 → 产出指标或完成指标，效益/可持续影响 → 效益指标，满意度 → 满意度指标）",
    "W-DEF-022": "没有任何金额的资金条目（`none` 方案）：按“有此资金、金额未列”印“—”，含它的合计（资金表合计、自评表年度资金总额、汇总表）也印“—”",
    "W-DEF-023": "正文照录的“资金执行率/预算执行率 N%”与由资金算出的预算执行率（全年执行数 ÷ 全年预算数，按正文印出的位数）不符（mof-2020、none）",
    "W-DEF-035": "文字中含有 XML 1.0 不允许的控制字符（如 `\\u0000`、从别的软件复制来的 U+0001…U+001F）：生成的 DOCX 与 CSV 中删去（生成时另有 W-RND-001）",
    "W-DEF-036": "项目文件中汇总表等用到的数据（名称、单位、金额、得分等）在上次 `package`/`project` 读过之后改了，但这次 `project --id` 重新生成的是另一个项目：汇总表已按它的新数据更新，它自己的报告与自评表仍是上次生成的；请对它也运行 `project --id`，或运行 `package`",
    "W-DEF-037": "以万元（缺省单位）填写的资金金额 ≥ 100000（10 亿元）：常是以元记的金额漏写了 `\"unit\": \"元\"`，各表会印大一万倍；确是万元则不必改动（每个资金条目一条，指向其最大的金额）",
    "W-DEF-038": "评分的项目（mof-2020/ippe）有的资金条目填了实际到位数 `received`、有的没有：资金表合计的实际到位数只计入填有的条目，合计的资金结余（可能为负）与预算到位率由部分资金得出；每个条目都填或都不填（一个项目一条，指向第一个没有填的条目）",
    "W-DEF-032": "项目名称或单位名称中有看不见的字符（零宽空格 U+200B、U+FEFF、软连字符 U+00AD 等，多半是从网页、微信、PDF 复制来的）：它原样印入标题、汇总表与文件名，看起来与没有它的名称相同，却是另一个名称；消息写出它的位置（〔名称〕）与去掉后的名称",
    "W-DEF-039": "文字中两个汉字（或中文标点）之间用了半角的 `,` `:` `;` `?` `!`（“万元,完成预算”，多半是从别处复制来的）：文档照样印出；改为全角的，；：？！（每段文字一条，指向第一处；数字中的“1,000”与标签不算）",
    "W-DEF-040": "文字中全角标点（，。、；：？！（）《》等）旁有空格（半角空格或 Word 的不换行空格，“研究 ， 形成”“的通知 （”）：文档照样印出，两端对齐时 LibreOffice 还会拉宽它；请删去（每段文字一条，指向第一处；两个汉字之间的空格不算）",
    "W-DEF-041": "文字中多余的空格：数字与汉字之间（“〔2019〕1 号”“共有 124家”“100% 重点”）或两个汉字之间 Word 的不换行空格（“各股室对 强化”）：文档照样印出，读来是打字的疏漏；请删去（每段文字一条，指向第一处；拉丁字母代号中的数字“ISO 9001 认证”、标签、以普通空格隔开的并列发文机关不算）",
    "W-DEF-049": "资金条目的 `level`（中央级/省级/市级/县区级）写在 财政资金/财政拨款 以外的来源（上年结转资金、其他资金、合计）上：资金表的级次列与标签 `{{资金:省级.…}}` 只汇总财政资金，这个级次什么也不印；是该级财政资金的把 `source` 改为 `财政资金`，否则删去 `level`",
    "W-OUT-001": "上次被中断（被杀死、断电）的 `package`/`project --id` 在输出目录旁留下的临时目录已由这次运行删除（或把旧版本 reportgen 移开的原报告包放回了原处）：只是告知，输出目录完整；与定义文件无关",
    "E-OUT-019": "`project --id` 的输出目录是由另一个报告包生成的：其 manifest.json 列出的项目没有一个在这个报告包中；更新它会删去那个报告包的文件，所以什么也不改（请检查 `-o`）",
    "E-OUT-018": "`project --id` 给的 `--csv-encoding` 与报告包中已有 CSV 的编码不同：只重新生成几个 CSV 会使报告包中有两种编码的 CSV；不写 `--csv-encoding` 时 `project` 沿用已有的编码",
    "W-DEF-034": "项目没有正文（`body` 缺少或为空）：《项目支出绩效自评报告》只有标题和所附的表；`package` 只用一行说明个数",
}

TEMPLATE_SOURCES = SOURCES

TEMPLATE_MEANING = {
    "E-TPL-001": "区段 `{{#x}}` 没有结束标签",
    "E-TPL-002": "结束标签 `{{/x}}` 前面没有对应的开始标签",
    "E-TPL-003": "结束标签与开始标签不匹配",
    "E-TPL-004": "未知的过滤器（附最接近的写法）",
    "E-TPL-005": "标签写法有误：空标签、路径不合法、引号不配对、比较的文字没加引号",
    "E-TPL-006": "区段的开始、结束标签所在位置无法一起重复（包括重复区段从表头行开始、跨出内容控件）",
    "E-TPL-007": "块标签 `{{> …}}` 没有独占一段",
    "E-TPL-008": "未知的块或块标签参数有误",
    "E-TPL-009": "过滤器的参数有误",
    "E-TPL-010": "`merge` 用在重复的表格行之外",
    "E-TPL-011": "只有开始定界符，本段内没有结束定界符",
    "E-TPL-012": "结束定界符前面没有开始定界符",
    "E-TPL-013": "模板文件不是可读的 DOCX，或其中的部件无法解析",
    "E-TPL-014": "`--delimiters` 写法有误",
    "E-TPL-015": "`template fields`：模板有错误，列出的字段可能不全",
    "E-TPL-020": "数据约定中没有该字段（附最接近的字段及中文名；列表项的字段写在循环外时说明应写在哪个循环内）",
    "E-TPL-021": "过滤器（或大纲块）用在不合适的值上，如 `date` 用在中文日期上",
    "E-TPL-022": "`{{.}}`、`{{@index}}` 用在非列表的区段中",
    "E-TPL-023": "中文输入法误输入的全角符号：`｛｛ ｝｝`、`｜`、`：`、引号，大括号打成了方头括号 `】`、方括号 `]`（`{{实施单位】`），或 `{ {` 中间有空格",
    "E-TPL-030": "图片标签写法有误：只能带 `size`、`width`、`height`，长度须带单位（cm、mm、in、pt）且在 0–55.88cm 之间",
    "E-TPL-031": "`{{%…}}` 用在不是图片路径的字段上（只有数据约定中的图片字段，如 `unit.seal`/公章）",
    "E-TPL-032": "超链接地址中写了取值以外的标签（区段、图片、块）",
    "E-TPL-033": "生成时：图片文件不存在或无法读取（或值不是路径），消息含数据路径、文件与标签位置",
    "E-TPL-034": "生成时：图片文件不是 PNG 或 JPEG（按文件内容判断，不看扩展名）",
    "E-TPL-035": "生成时：读不出图片的像素尺寸（文件头缺失或不完整）",
    "E-TPL-036": "生成时：图片文件超过 10 MB 或某边超过 20000 像素",
    "E-TPL-038": "表格逐项印出得分（或金额），却没有印与之对应的合计（总分、等次、合计金额）：多半是删掉了“合计”行；生成的表格没有经办人签字确认的总分与等次",
    "E-TPL-039": "标签写在 Word 域的域代码里（如 `{ QUOTE \"{{项目名称}}\" }`）：不会被填入，Word 更新域时原样印出；应删去这个域，直接输入标签",
    "E-TPL-040": "标签中间有手动换行符（Shift+Enter）、分页符、分栏符或制表符（Tab）：换行会移到值的后面，每份文档多出一个换行（或分页）；应删去它，把标签合回一行",
    "E-TPL-041": "Word 的邮件合并域（`{ MERGEFIELD 项目名称 }`，显示为 «项目名称»）：不会被填入，每份文档原样印出；应删去这个域，在原处输入标签",
    "E-TPL-042": "模板是启用宏的 Word 文件（.docm/.dotm）：生成的 .docx 仍是启用宏的格式，Word 不能打开，且带着宏；应在 Word 中另存为“Word 文档 (*.docx)”",
    "E-TPL-043": "模板是 Word 的“Strict Open XML 文档”格式：读不出其中的标签，每份文档会原样印出 `{{…}}`；应在 Word 中另存为“Word 文档 (*.docx)”",
    "E-TPL-044": "`--templates` 目录中有按模板命名、却不是该模板 .docx 的文件（`.wps`、`.doc`、`.dotx`、`….docx.docx`），且没有同名的 .docx：它不会被使用，报告会是默认模板的样子；应另存为或改名为模板的 .docx 文件名",
    "E-TPL-045": "重复行中在 Word 里向下合并的单元格（如最后一列与“合计”行的单元格合并了）写有列表每一项的字段：这个单元格跨过生成的全部行、只印一次，只印出第一项的值；应拆分单元格",
    "E-TPL-046": "标签写在 Word 与 LibreOffice 自行重新计算的域的显示结果里（打在自动更新的日期、页脚的页码、REF 引用上）：值填在域的结果中，打开、打印或转为 PDF 时就被换掉；应选中这个域按 Ctrl+Shift+F9 变成普通文字",
    "E-TPL-047": "标签写在绑定了文档属性的内容控件里（插入 → 文档部件 → 文档属性）：Word 与 LibreOffice 打开文档时显示文档属性的值，填入的值被换掉；应删除内容控件（保留其中的文字）",
    "E-TPL-048": "标签写在水印或艺术字的文字里（设计 → 水印 → 自定义水印）：reportgen 不填写这些文字，每份报告的每一页都原样印出标签；应把水印改为固定的文字，数据写在页眉的段落里",
    "E-TPL-049": "脚注或尾注在按列表重复的表格行或段落中（如给“三级指标”加了脚注）：生成的每一项都引用同一条脚注，只有第一处有脚注的文字，其余是空的；应把脚注移到重复的区段之外",
    "E-TPL-050": "标签写在图表（标题、系列或类别名称）、SmartArt 图形或公式里：reportgen 只填写段落和表格中的文字，每份报告都原样印出标签；应把这些文字改为固定的文字，数据写在图表上下的普通段落里。一个图表中有几处文字含标签就报几条",
    "E-TPL-037": "标签旁多了一个大括号（`{{{项目名称}}`、`{{项目名称}}}`）：多出的 `}` 会原样印出；标签只用两个大括号",
    "W-TPL-001": "像标签却不是标签的文字（单个全角大括号、单个半角大括号 `{实施单位}`、`【【实施单位】】` 等），原样印出",
    "W-TPL-010": "`{{#x}}` 与 `{{/x}}` 在同一行的不同单元格、两侧还有单元格：整行重复，不支持只重复几列",
    "W-TPL-011": "模板中没有该种类必印的内容的标签（报告的 `{{> body}}`、自评表的指标行、汇总表的项目行）：照常生成，但每份文档都缺这部分",
    "W-TPL-012": "重复区段跨几个表格行，其中一行没有用到列表每一项的字段（如 `{{/indicators}}` 移进了“合计”行）：这一行随每一项重复",
    "W-TPL-013": "同一张表里有两个按同一列表重复的行（复制行时多复制了一行）：每一项印两遍",
    "W-TPL-015": "表格印出合计（自评得分、等次），表中却没有逐项列出指标的重复行：多半是删掉了指标行，生成的表格只有合计",
    "W-TPL-014": "模板中有未接受的修订（修订标记）：生成的每份文档都带着这些修订",
    "W-TPL-016": "标签的一部分格式与开头不同（如只有后半加粗）：生成的值全部按标签开头的格式印出，其余部分设置的格式不起作用；应选中整个标签统一设置格式",
    "W-TPL-017": "模板中有批注：生成的每份文档都带着这些批注（重复的段落、表格行中的随每一项重复）；应在 Word 中删除所有批注后保存",
    "W-TPL-021": "标签写在其他 Word 域的显示结果里（如打在邮件合并域 «实施单位»、DOCPROPERTY 上）：照常填入，但有人更新域（F9、打印前更新域）时值被换掉；应选中这个域按 Ctrl+Shift+F9 变成普通文字",
    "W-TPL-020": "有标签的表格行设了固定行高（“行高值是：固定值”）：填入的文字一行放不下时被截去，不印出；应改为“最小值”",
    "W-TPL-022": "按列表重复的表格行或段落放在大小固定的文本框里：项数多时，文本框放不下的部分被截去、不印出；应把它们移出文本框，或给文本框勾选“根据文字调整形状大小”",
    "W-TPL-023": "标签是内容控件的占位文字（设计模式中写的灰色提示文字）：生成的值印成灰色，Word 把它当作提示文字；应删除内容控件，并把标签的字体颜色设为“自动”",
    "W-TPL-024": "模板中有目录（引用 → 目录，TOC 域）：reportgen 不更新目录，每份文档中的目录仍是模板中的样子（如“未找到目录项。”），不列出生成的标题和页码；需要时在 Word 中更新目录，不需要就删去",
    "W-TPL-026": "块标签（`{{> body}}`、`{{> table:…}}`）生成的标题或表格要用的段落样式（标题 1–3、部分标题、表头、表格正文、表格正文（左））模板中没有，多半在 Word/WPS 中改了名：生成的内容改用别的格式；消息写明样式、要用它的块标签和模板中名称相近的样式，应把样式名改回",
    "W-TPL-030": "`project --id`：项目报告、自评表或特定目标类表的模板在上次生成之后改过（报告包记录中存有上次所用模板的 SHA-256）：不只重新生成该项目，所有用这个模板的项目文件都按新模板重新生成，报告包中同一模板的文件保持一致，与重新运行 `package` 的结果相同",
    "W-TPL-025": "模板设置了限制编辑（文档保护）：生成的每份文档同样受保护，不知道密码就不能修改；应在 Word/WPS 中停止保护后保存",
    "W-TPL-019": "标签设成了隐藏文字（字体 → 效果 → 隐藏）：生成的值同样隐藏，报告中看不到、不印出",
    "W-TPL-018": "重复的表格行设成了表头行（“重复标题行”）：生成的每一项都成了表头行，表格跨页时续页顶端不再印出真正的表头；应只给表头行勾选“重复标题行”",
}

TEMPLATE_PATTERN = re.compile(r'case\s+(\w+)\s*=\s*"([EW]-TPL-\d{3})"')


def template_codes():
    found = []
    for source in TEMPLATE_SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            m = TEMPLATE_PATTERN.search(line)
            if m:
                found.append((m.group(2), m.group(1)))
    return sorted(found)


def template_table():
    rows = ["| 代码 | 级别 | 源码中的名称 | 含义 |", "|---|---|---|---|"]
    missing = [code for code, _ in template_codes() if code not in TEMPLATE_MEANING]
    if missing:
        sys.exit("no meaning written for: " + ", ".join(missing))
    for code, name in template_codes():
        rows.append(f"| {code} | {level(code, name)} | `{name}` | {TEMPLATE_MEANING[code]} |")
    return "\n".join(rows)


PATTERN = re.compile(r'case\s+(\w+)\s*=\s*"([EW]-(?:DEF|FA|IMP)-\d{3})"')
RETIRED = re.compile(r'static let retired: Set<ErrorCode> = \[([^\]]*)\]')


def retired_names():
    """Case names listed in `ErrorCode.retired`: codes kept in the catalogue but never reported."""
    names = set()
    for source in SOURCES:
        m = RETIRED.search(source.read_text(encoding="utf-8"))
        if m:
            names |= {n.strip().lstrip(".") for n in m.group(1).split(",") if n.strip()}
    return names


def level(code, name):
    if name in retired_names():
        return "已停用"
    return "警告" if code.startswith("W-") else "错误"


def codes():
    found = []
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        lines = text.splitlines()
        for i, line in enumerate(lines):
            m = PATTERN.search(line)
            if not m:
                continue
            comment = ""
            j = i - 1
            while j >= 0 and lines[j].strip().startswith("///"):
                comment = lines[j].strip()[3:].strip() + (" " + comment if comment else "")
                j -= 1
            found.append((m.group(2), m.group(1), comment, source.name))
    return found


def fa_meanings():
    """E-FA/W-FA meanings as docs/决算说明数据格式.md §7 states them (the one place they are written)."""
    text = (ROOT / "docs/决算说明数据格式.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*([EW]-FA-\d{3})\s*\|\s*(.+?)\s*\|\s*$", text, re.M))


def table():
    fa = fa_meanings()
    rows = ["| 代码 | 级别 | 源码中的名称 | 含义 |", "|---|---|---|---|"]
    missing = []
    for code, name, comment, source in codes():
        meaning = MEANING.get(code) or fa.get(code)
        if not meaning:
            missing.append(code)
            continue
        rows.append(f"| {code} | {level(code, name)} | `{name}` | {meaning} |")
    if missing:
        sys.exit("no meaning written for: " + ", ".join(missing))
    return "\n".join(rows)


def main():
    if "--check" in sys.argv:
        doc = DOC.read_text(encoding="utf-8")
        listed = set(re.findall(r"^\| ([EW]-(?:DEF|FA|IMP|TPL)-\d{3}) \|", doc, re.M))
        known = {c for c, *_ in codes()} | {c for c, _ in template_codes()}
        problems = [f"missing in {DOC.name}: {c}" for c in sorted(known - listed)]
        problems += [f"unknown code in {DOC.name}: {c}" for c in sorted(listed - known)]
        print("\n".join(problems) or f"{DOC.name}: all {len(known)} codes listed")
        sys.exit(1 if problems else 0)
    print(table())
    print()
    print(template_table())


if __name__ == "__main__":
    main()
