import Testing
import JSONValue
import OOXML
@testable import Templating

@Suite struct ScalarTagTests {
    @Test func tagSplitAcrossFormattingChangeKeepsFirstRunFormatting() throws {
        // Word: "{{项" bold, "目名" italic with rsid noise, "称}}" plain.
        let body = "<w:p w:rsidR=\"00A1\">" + run("名称：", "<w:sz w:val=\"28\"/>")
            + run("{{项", "<w:b/>") + "<w:proofErr w:type=\"gramStart\"/>"
            + "<w:r w:rsidR=\"00B2\" w:rsidRPr=\"00C3\"><w:rPr><w:i/></w:rPr><w:t>目名</w:t></w:r>"
            + "<w:proofErr w:type=\"gramEnd\"/><w:bookmarkStart w:id=\"3\" w:name=\"_GoBack\"/>" + run("称}}") + "<w:bookmarkEnd w:id=\"3\"/></w:p>"
        let out = try render(body, ["项目名称": "医保补助"])
        #expect(lines(out) == ["名称：医保补助"])
        // The value sits in the bold run where the tag started.
        let runs = descendants(out.root, "r")
        let withValue = runs.first { paragraphText($0) == "医保补助" }
        #expect(withValue.map { descendants($0, "b").count } == 1)
    }

    @Test func tagAcrossHyperlink() throws {
        let body = "<w:p>" + run("见{{u") + "<w:hyperlink r:id=\"rId9\">" + run("rl}}", "<w:rStyle w:val=\"Hyperlink\"/>") + "</w:hyperlink>" + run("。") + "</w:p>"
        let out = try render(body, ["url": "http://a.b/?x=1&y=<2>"])
        #expect(lines(out) == ["见http://a.b/?x=1&y=<2>。"])
    }

    @Test func escapingAndSupplementaryCharacters() throws {
        let out = try render(p("{{a}}"), ["a": "<b> & \"引号\" 𠮷野家"])
        #expect(lines(out) == ["<b> & \"引号\" 𠮷野家"])
    }

    @Test func forbiddenCharactersRemovedWithWarning() throws {
        let template = try compile(p("x{{a}}y"))
        let result = try template.render(["a": .string("a\u{1}b\u{0B}c\u{FFFF}d")], missing: .error)
        let doc = try XMLDocument(parsing: result.bytes, partName: "out")
        #expect(lines(doc) == ["xabcdy"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.code == .forbiddenCharactersRemoved)
        #expect(result.warnings.first?.path == "a")
    }

    @Test func multiLineValueAloneBecomesParagraphsWithSamePPr() throws {
        let body = para(run("{{text}}", "<w:b/>"), pPr: "<w:ind w:firstLine=\"640\"/>")
        let out = try render(body, ["text": "第一段\n第二段\r\n第三段"])
        #expect(lines(out) == ["第一段", "第二段", "第三段"])
        let paragraphs = descendants(out.root, "p")
        #expect(paragraphs.allSatisfy { descendants($0, "ind").count == 1 && descendants($0, "b").count == 1 })
    }

    @Test func multiLineValueInsideTextBecomesBreaksAndTabs() throws {
        let out = try render(p("甲{{text}}乙"), ["text": "一\n二\t三"])
        #expect(lines(out) == ["甲一↵二→三乙"])
    }

    @Test func pathsNumbersAndScopes() throws {
        let data: JSONValue = ["p": ["name": "项目", "funds": ["total": .number("37.10")], "list": ["x", "y"]]]
        let out = try render(p("{{p.name}} {{p.funds.total}} {{p.list.1}} {{p.list[0]}}"), data)
        #expect(lines(out) == ["项目 37.10 y x"])
    }

    @Test func aliases() throws {
        var options = TemplateOptions()
        options.aliases = ["项目名称": "name", "资金": "funds"]
        let out = try render(p("{{项目名称}}/{{资金.total}}"), ["name": "甲", "funds": ["total": 5]], options: options)
        #expect(lines(out) == ["甲/5"])
    }

    @Test func customDelimiters() throws {
        var options = TemplateOptions()
        options.delimiters = Delimiters(open: "[[", close: "]]")
        let out = try render(para(run("[[a") + run("]] {{b}}")), ["a": "A"], options: options)
        #expect(lines(out) == ["A {{b}}"])
        options.delimiters = try Delimiters(parsing: "{ }")
        let out2 = try render(para(run("{#l}{.}") + run(",{/l}")), ["l": ["1", "2"]], options: options)
        #expect(lines(out2) == ["1,2,"])
    }
}

@Suite struct MissingDataTests {
    @Test func missingErrorListsEveryPath() throws {
        let body = p("{{a}}{{b.c}}{{a}}") + table(row(cell(p("{{#items}}{{name}}")), cell(p("{{x}}{{/items}}"))))
        let template = try compile(body)
        do {
            _ = try template.render(["b": [:], "items": [["name": "n"], ["name": "m", "x": "1"]]], missing: .error)
            Issue.record("expected missing errors")
        } catch {
            #expect(error.errors.map(\.path) == ["a", "b.c", "items[0].x"])
            #expect(error.errors.allSatisfy { $0.code == .missingValue })
            #expect(error.errors[2].location?.table == 1)
        }
    }

    @Test func missingSectionIsAnErrorUnlessInvertedOrEmptyPolicy() throws {
        let template = try compile(p("{{#evalutors}}{{name}}{{/evalutors}}") + p("{{^notes}}无{{/notes}}"))
        do {
            _ = try template.render(["evaluators": [["name": "王"]]], missing: .error)
            Issue.record("expected a missing-section error")
        } catch {
            #expect(error.errors.map(\.path) == ["evalutors"])
            #expect(error.errors.first?.code == .missingValue)
        }
        let rendered = try template.render(["evaluators": [["name": "王"]]], missing: .empty)
        #expect(String(decoding: rendered.bytes, as: UTF8.self).contains("无"))
        // false and [] are deliberate: no error.
        _ = try template.render(["evalutors": false], missing: .error)
        _ = try template.render(["evalutors": []], missing: .error)
    }

    @Test func missingEmpty() throws {
        var options = TemplateOptions()
        options.missing = .empty
        let out = try render(p("[{{a}}]"), [:], options: options)
        #expect(lines(out) == ["[]"])
    }

    @Test func defaultFilterSatisfiesMissing() throws {
        let out = try render(p("{{a | default:“无”}}/{{b | default:'无'}}"), ["b": ""])
        #expect(lines(out) == ["无/无"])
    }
}

@Suite struct SectionTests {
    @Test func inlineLoopWithIndexFirstLast() throws {
        let out = try render(p("名单：{{#people}}{{@number}}.{{name}}{{^@last}}、{{/@last}}{{/people}}。"),
                             ["people": [["name": "甲"], ["name": "乙"], ["name": "丙"]]])
        #expect(lines(out) == ["名单：1.甲、2.乙、3.丙。"])
    }

    @Test func inlineLoopAcrossRunsRestoresOpenRunFormatting() throws {
        let body = para(run("{{#l}}", "<w:b/>") + run("[{{.}}]", "<w:i/>") + run("{{/l}}", "<w:u w:val=\"single\"/>") + run("尾"))
        let out = try render(body, ["l": ["a", "b"]])
        #expect(lines(out) == ["[a][b]尾"])
        let emptyOut = try render(body, ["l": []])
        #expect(lines(emptyOut) == ["尾"])
    }

    @Test func invertedSectionsAndShortCloser() throws {
        let body = p("{{^items}}无数据{{/}}{{#items}}有{{/items}}{{^flag}}F{{/flag}}{{^missing}}M{{/missing}}")
        #expect(lines(try render(body, ["items": [], "flag": false])) == ["无数据FM"])
        #expect(lines(try render(body, ["items": ["x"], "flag": true])) == ["有M"])
    }

    @Test func objectAndBooleanSectionsAndOuterScope() throws {
        let body = p("{{#unit}}{{name}}-{{year}}{{/unit}}{{#ok}}√{{/ok}}")
        #expect(lines(try render(body, ["unit": ["name": "局"], "year": 2021, "ok": true])) == ["局-2021√"])
    }

    @Test func paragraphLoopRepeatsParagraphsAndTable() throws {
        let body = p("前") + p("{{#projects}}") + para(run("项目：{{name}}"), pPr: "<w:pStyle w:val=\"H\"/>")
            + table(row(cell(p("金额")), cell(p("{{amount | money}}"))))
            + p("{{/projects}}") + p("后")
        let out = try render(body, ["projects": [["name": "甲", "amount": .number("1.5")], ["name": "乙", "amount": 2]]])
        #expect(lines(out) == ["前", "项目：甲", "金额 | 1.50", "项目：乙", "金额 | 2.00", "后"])
    }

    @Test func paragraphLoopWithWhitespaceAroundTag() throws {
        let body = para(run(" {{#l}} ")) + p("{{.}}") + para(run("{{/l}}") + run(" "))
        #expect(lines(try render(body, ["l": ["a", "b"]])) == ["a", "b"])
    }

    @Test func nestedLoopsTwoDeep() throws {
        let body = p("{{#groups}}") + p("组{{name}}：{{#members}}{{name}}({{@index}}){{/members}}") + p("{{/groups}}")
        let data: JSONValue = ["groups": [["name": "A", "members": [["name": "a1"], ["name": "a2"]]], ["name": "B", "members": []]]]
        #expect(lines(try render(body, data)) == ["组A：a1(0)a2(1)", "组B："])
    }

    @Test func rowLoop() throws {
        let body = table(row(cell(p("名称")), cell(p("数"))),
                         row(cell(p("{{#rows}}{{name}}")), cell(p("{{n | number:2}}{{/rows}}"))),
                         row(cell(p("合计")), cell(p("{{total}}"))))
        let out = try render(body, ["rows": [["name": "a", "n": .number("1.005")], ["name": "b", "n": .number("2")]], "total": "3"])
        #expect(lines(out) == ["名称 | 数", "a | 1.01", "b | 2.00", "合计 | 3"])
        let none = try render(body, ["rows": [], "total": "0"])
        #expect(lines(none) == ["名称 | 数", "合计 | 0"])
        // Rows after the loop (合计) are the table's: no row is pulled over to them.
        let kept = descendants(out.root, "tr").map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(kept == [false, false, false, false])
        // A loop that ends its table: its last row keeps with the paragraph after the table
        // (the 填报人 line under a form); the other rows do not.
        let ending = try render(table(row(cell(p("名称")), cell(p("数"))),
                                      row(cell(p("{{#rows}}{{name}}")), cell(p("{{n}}{{/rows}}")))) + p("填报人："),
                                ["rows": [["name": "a", "n": "1"], ["name": "b", "n": "2"]]])
        let endingKept = descendants(ending.root, "tr").map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(endingKept == [false, false, true])
        // A row after the loop kept with the next by the template (a 合计 with a direct keepNext,
        // kept with the note row under it): the loop's last row keeps with it, the others do not.
        let kept合计 = "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>合计</w:t></w:r></w:p>"
        let withNote = try render(table(row(cell(p("名称")), cell(p("数"))),
                                        row(cell(p("{{#rows}}{{name}}")), cell(p("{{n}}{{/rows}}"))),
                                        row(cell(kept合计), cell("<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>3</w:t></w:r></w:p>")),
                                        row(cell(p("注：…")), cell(p("")))),
                                  ["rows": [["name": "a", "n": "1"], ["name": "b", "n": "2"]]])
        let withNoteKept = descendants(withNote.root, "tr").map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(withNoteKept == [false, false, true, true, false])
        // Only when every paragraph of that row keeps: one kept cell is not the template's intent.
        let half = try render(table(row(cell(p("{{#rows}}{{name}}")), cell(p("{{n}}{{/rows}}"))),
                                    row(cell(kept合计), cell(p("3"))), row(cell(p("注")), cell(p("")))),
                              ["rows": [["name": "a", "n": "1"], ["name": "b", "n": "2"]]])
        let halfKept = descendants(half.root, "tr").map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(halfKept == [false, false, false, false])
    }

    @Test func multiRowLoop() throws {
        let body = table(row(cell(p("{{#rows}}{{name}}")), cell(p(""))), row(cell(p("说明")), cell(p("{{note}}{{/rows}}"))))
        let out = try render(body, ["rows": [["name": "a", "note": "x"], ["name": "b", "note": "y"]]])
        #expect(lines(out) == ["a | ", "说明 | x", "b | ", "说明 | y"])
    }

    @Test func rowLoopInNestedTable() throws {
        let inner = table(row(cell(p("{{#items}}{{k}}")), cell(p("{{v}}{{/items}}"))))
        let body = table(row(cell(p("外")), cell(inner + p(""))))
        let out = try render(body, ["items": [["k": "1", "v": "一"], ["k": "2", "v": "二"]]])
        let outerRows = descendants(out.root, "tbl")
        #expect(outerRows.count == 2)
        let innerTable = outerRows[1]
        #expect(blockLines(XMLElement(name: "x", children: [.element(innerTable)])) == ["1 | 一", "2 | 二"])
    }

    @Test func paragraphLoopInsideTableCellKeepsCellValid() throws {
        // docxtemplater's table-in-table case: the loop is last in a cell, after a nested table.
        let inner = table(row(cell(p("内"))))
        let body = table(row(cell(inner + p("{{#l}}") + p("{{.}}") + p("{{/l}}"))))
        let empty = try render(body, [:], options: TemplateOptions(missing: .empty))
        let cells = descendants(empty.root, "tc")
        #expect(cells[0].elements.last?.localName == "p")
        #expect(cells[0].elements.filter { $0.localName == "p" }.count == 1)
        let full = try render(body, ["l": ["x", "y"]])
        #expect(descendants(full.root, "tc")[0].elements.filter { $0.localName == "p" }.map(paragraphText) == ["x", "y"])
    }

    @Test func mergeColumnsInRowLoop() throws {
        let body = table(row(cell(p("{{#ind}}{{l1 | merge}}")), cell(p("{{l2 | merge}}")), cell(p("{{name}}{{/ind}}"))))
        let data: JSONValue = ["ind": [
            ["l1": "产出", "l2": "数量", "name": "a"],
            ["l1": "产出", "l2": "数量", "name": "b"],
            ["l1": "产出", "l2": "质量", "name": "c"],
            ["l1": "效益", "l2": "质量", "name": "d"],
        ]]
        let out = try render(body, data)
        let rows = descendants(out.root, "tr")
        func merge(_ r: Int, _ c: Int) -> String? {
            let tc = rows[r].elements.filter { $0.localName == "tc" }[c]
            guard let v = descendants(tc, "vMerge").first else { return nil }
            return v.attribute("w:val") ?? "continue"
        }
        #expect((0..<4).map { merge($0, 0) } == ["restart", "continue", "continue", "restart"])
        // 二级 does not continue across a 一级 change even when equal.
        #expect((0..<4).map { merge($0, 1) } == ["restart", "continue", "restart", "restart"])
        #expect((0..<4).map { merge($0, 2) } == [nil, nil, nil, nil])
        // vMerge stands after tcW, as the schema orders tcPr.
        let tcPr = descendants(rows[1], "tcPr")[0]
        #expect(tcPr.elements.map(\.localName) == ["tcW", "vMerge"])
        #expect(lines(out) == ["产出 | 数量 | a", " |  | b", " | 质量 | c", "效益 | 质量 | d"])
        // The rows of one 一级 group keep together on a page (every paragraph of the row above a
        // row continuing the first merged cell keeps with the next); a row starting a new group does
        // not — except above a last group of one row (效益, d), which keeps the row above with it
        // so the table's last page never holds that row alone (officer review 12). The loop ends
        // its table, so its last row keeps with what follows the table (the 填报人 line of a form).
        let kept = rows.map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(kept == [true, true, true, true])
        #expect(descendants(rows[0], "p").allSatisfy { p in descendants(p, "pPr").count == 1 })
    }

    /// A cell written as the start of a vertical merge in a one-row loop spans the rows the
    /// loop makes (the 自评表's outer 绩效指标 label, which may not start in the repeated header
    /// row): restart on the first row with its text, continued and empty on the rest. It is the
    /// same on every row, so it changes neither the `| merge` chain to its right nor which rows
    /// keep together (a 一级 group's rows, as in `mergeColumnsInRowLoop`).
    @Test func aMergeStartInARowLoopSpansTheLoop() throws {
        let label = "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:vMerge w:val=\"restart\"/></w:tcPr>\(p("{{#ind}}绩效指标"))</w:tc>"
        let body = table(row(label, cell(p("{{l1 | merge}}")), cell(p("{{name}}{{/ind}}"))))
        let data: JSONValue = ["ind": [
            ["l1": "产出", "name": "a"],
            ["l1": "产出", "name": "b"],
            ["l1": "效益", "name": "c"],
        ]]
        let out = try render(body, data)
        let rows = descendants(out.root, "tr")
        #expect(rows.count == 3)
        func merge(_ r: Int, _ c: Int) -> String? {
            let tc = rows[r].elements.filter { $0.localName == "tc" }[c]
            guard let v = descendants(tc, "vMerge").first else { return nil }
            return v.attribute("w:val") ?? "continue"
        }
        #expect((0..<3).map { merge($0, 0) } == ["restart", "continue", "continue"])
        #expect((0..<3).map { merge($0, 1) } == ["restart", "continue", "restart"])
        #expect(lines(out) == ["绩效指标 | 产出 | a", " |  | b", " | 效益 | c"])
        // b ends 产出 but keeps with c, a last group of one row (as in `mergeColumnsInRowLoop`).
        let kept = rows.map { row in descendants(row, "p").allSatisfy { !descendants($0, "keepNext").isEmpty } }
        #expect(kept == [true, true, true])
        // Each loop starts its own span.
        let twice = try render(body + p("") + body, data)
        #expect(descendants(twice.root, "vMerge").filter { $0.attribute("w:val") == "restart" }.count == 2 * 3)
    }

    @Test func tenThousandRows() throws {
        let body = table(row(cell(p("{{#rows}}{{@number}}")), cell(p("{{v}}{{/rows}}"))))
        let rows = JSONValue.array((0..<10_000).map { ["v": .string("值\($0)")] })
        let out = try render(body, ["rows": rows])
        let l = lines(out)
        #expect(l.count == 10_000)
        #expect(l.first == "1 | 值0")
        #expect(l.last == "10000 | 值9999")
    }

    @Test func sectionTagParagraphWithSectionBreakKeepsBreak() throws {
        let body = para(run("{{#l}}"), pPr: "<w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr>") + p("{{.}}") + p("{{/l}}")
        let out = try render(body, ["l": ["1", "2"]])
        let body2 = out.root.elements[0]
        #expect(descendants(body2, "sectPr").count == 2)
        #expect(lines(out) == ["", "1", "2"])
    }
}

@Suite struct FilterTests {
    func one(_ tag: String, _ value: JSONValue) throws -> String {
        try lines(render(p(tag), ["v": value])).first ?? ""
    }

    @Test func numbers() throws {
        #expect(try one("{{v | number:2}}", .number("12.345")) == "12.35")
        #expect(try one("{{v | number:2}}", .number("-12.345")) == "-12.35")
        #expect(try one("{{v | number:0}}", .number("2.5")) == "3")
        #expect(try one("{{v | number}}", .number("12.50")) == "12.5")
        #expect(try one("{{v | number:2}}", "37.1") == "37.10")
        #expect(try one("{{v | percent:2}}", .number("0.96274")) == "96.27%")
        #expect(try one("{{v | percent}}", "100%") == "100%")
        #expect(try one("{{v | money}}", .number("12579.305")) == "12579.31")
        #expect(try one("{{v | money:2:\",\"}}", .number("1234567.8")) == "1,234,567.80")
    }

    @Test func datesCaseAndChinese() throws {
        #expect(try one("{{v | date:“yyyy年M月d日”}}", "2022-06-07") == "2022年6月7日")
        #expect(try one("{{v | date:\"yyyy.MM.dd\"}}", "2022-06-07") == "2022.06.07")
        #expect(try one("{{v | date}}", "2022/6/27") == "2022年6月27日")
        // One strict parser: a day the calendar does not have is no date.
        #expect(throws: RenderErrors.self) { try one("{{v | date}}", "2021-02-31") }
        #expect(throws: RenderErrors.self) { try one("{{v | date}}", "2021/2/29") }
        #expect(try one("{{v | date}}", "2024-02-29") == "2024年2月29日")
        #expect(try one("{{v | upper}}", "abc") == "ABC")
        #expect(try one("{{v | lower}}", "ABC") == "abc")
        #expect(try one("{{v | cn}}", 1) == "一")
        #expect(try one("{{v | cn}}", 10) == "十")
        #expect(try one("{{v | cn}}", 15) == "十五")
        #expect(try one("{{v | cn}}", 105) == "一百零五")
        #expect(try one("{{v | cn}}", 2021) == "二千零二十一")
        #expect(try one("{{v | cn}}", 10086) == "一万零八十六")
        #expect(try one("{{v | cn}}", 100000) == "十万")
    }

    @Test func registeredFilter() throws {
        var options = TemplateOptions()
        var filters = FilterRegistry.standard
        filters.register("wrap", Filter { v, args throws(FilterFailure) in
            v.map { .string((args.first ?? "") + ValueText.string($0) + (args.first ?? "")) }
        })
        options.filters = filters
        #expect(try lines(render(p("{{v | wrap:“*”}}"), ["v": "x"], options: options)) == ["*x*"])
    }

    @Test func filterFailureIsReportedWithLocation() throws {
        let template = try compile(p("{{v | number:2}}"))
        #expect(throws: RenderErrors.self) { try template.render(["v": "abc"], missing: .error) }
        do { _ = try template.render(["v": "abc"], missing: .error) } catch {
            #expect(error.errors.first?.code == .filterFailed)
            #expect(error.errors.first?.location?.paragraph == 1)
        }
    }
}

@Suite struct TemplateErrorTests {
    @Test func everyProblemInOnePassWithLocations() throws {
        let body = p("正常 {{a}}")
            + p("{{#open}} 未结束")                                     // 2: closed by the misspelt 3
            + p("{{/nothing}}")                                          // 3: mismatched: says to write {{/open}}
            + p("{{a | nosuch}}")                                        // 4: unknown filter
            + p("{{a b}}")                                               // 5: malformed
            + p("{{a") + p("中") + p("后}}")                             // 6,8: unclosed tag, unopened close (not adjacent: two errors)
            + table(row(cell(p("{{#x}}")), cell(p("y")))) + p("{{/x}}")  // 9 / 10: incompatible placement
            + p("{{v | number:abc}}")                                    // bad argument
            + p("{{> nosuch:thing}}")                                    // unknown block
            + p("前 {{> body}}")                                         // block not alone
            + p("{{#late}} 未结束")                                     // unclosed (reported at its tag)
        let errors = try compileErrors(body)
        let codes = errors.map(\.code)
        #expect(codes.contains(.unclosedSection))
        #expect(codes.contains(.mismatchedSection))
        #expect(codes.contains(.unknownFilter))
        #expect(codes.contains(.malformedTag))
        #expect(codes.contains(.unclosedTag))
        #expect(codes.contains(.unopenedTag))
        #expect(codes.contains(.incompatiblePlacement))
        #expect(codes.contains(.badFilterArgument))
        #expect(codes.contains(.unknownBlock))
        #expect(codes.contains(.blockNotAlone))
        let unknownFilter = errors.first { $0.code == .unknownFilter }
        #expect(unknownFilter?.location?.paragraph == 4)
        #expect(unknownFilter?.location?.part == "word/document.xml")
        #expect(unknownFilter?.tag == "{{a | nosuch}}")
        #expect(unknownFilter?.description.contains("未知的过滤器") == true)
        #expect(errors.first { $0.code == .mismatchedSection }?.message.contains("结束标签应写 {{/open}}") == true)
        #expect(errors.filter { $0.code == .unclosedSection }.map(\.tag) == ["{{#late}}"])
        let placement = errors.first { $0.code == .incompatiblePlacement }
        #expect(placement?.location?.table == 1)
        #expect(placement?.location?.row == 1)
        #expect(placement?.location?.cell == 1)
        #expect(placement?.location?.snippet == "{{#x}}")
    }

    @Test func mismatchedSection() throws {
        let errors = try compileErrors(p("{{#a}}{{#b}}{{/a}}{{/c}}"))
        #expect(errors.map(\.code) == [.unclosedSection, .unopenedSection])
        // No `{{#b}}` anywhere before `{{/b}}`: its open tag is missing (most often deleted) —
        // said with the tag to add, and the other way out (delete the close).
        let errors2 = try compileErrors(p("{{#a}}x{{/b}}{{/a}}"))
        #expect(errors2.map(\.code) == [.unopenedSection])
        #expect(errors2.first?.message.contains("加上 {{#b}}") == true && errors2.first?.message.contains("多余的") == true)
    }

    /// A section left open says which close tag to add and where: its own path, `{{/}}` for a
    /// comparison, in the template's delimiters.
    @Test func anUnclosedSectionSaysWhichCloseTagToAdd() throws {
        let atEnd = try compileErrors(p("{{#appendix.funds}}") + p("附表"))
        #expect(atEnd.map(\.code) == [.unclosedSection])
        #expect(atEnd.first?.description.contains("请在这个区段应结束的位置加上 {{/appendix.funds}}") == true, "\(atEnd)")
        let before = try compileErrors(p("{{#a}}{{#等次 == \"优\"}}优秀{{/a}}"))
        #expect(before.first?.description.contains("请在 {{/a}} 之前、这个区段应结束的位置加上 {{/}}") == true, "\(before)")
    }

    @Test func mergeOutsideRowLoop() throws {
        let errors = try compileErrors(table(row(cell(p("{{a | merge}}")))))
        #expect(errors.map(\.code) == [.mergeOutsideRow])
    }
}

@Suite struct OutlineTests {
    @Test func outlineNumberingAndStyles() throws {
        let styles = StyleCatalog(paragraphStyles: [("1", "heading 1"), ("2", "heading 2"), ("3", "heading 3"), ("4", "heading 4"), ("Body", "正文")])
        let body = para(run("{{> body}}", "<w:sz w:val=\"32\"/>"), pPr: "<w:pStyle w:val=\"Body\"/>")
        let data: JSONValue = ["body": [
            ["heading": "基本情况", "children": [
                ["heading": "概况", "text": "第一段\n第二段", "children": [["heading": "小项", "children": [["heading": "细项", "children": [["heading": "末级"]]]]]]],
                ["heading": "执行"],
            ]],
            ["heading": "结论", "text": "无。\t完"],
        ]]
        let out = try render(body, data, styles: styles)
        #expect(lines(out) == ["一、基本情况", "（一）概况", "第一段", "第二段", "1.小项", "（1）细项", "①末级", "（二）执行", "二、结论", "无。→完"])
        let paragraphs = descendants(out.root, "p")
        let styleOf = paragraphs.map { descendants($0, "pStyle").first?.attribute("w:val") ?? "" }
        #expect(styleOf == ["1", "2", "Body", "Body", "3", "4", "Body", "2", "1", "Body"])
    }

    /// An `item` takes the next number of its level, shared with sibling headings, but is a
    /// body paragraph in the tag's own style (seed 004: "1.贯彻执行医疗保险…" under 机构职能).
    @Test func itemsAreNumberedBodyParagraphs() throws {
        let styles = StyleCatalog(paragraphStyles: [("1", "heading 1"), ("2", "heading 2"), ("3", "heading 3"), ("Body", "正文")])
        let body = para(run("{{> body}}", "<w:sz w:val=\"32\"/>"), pPr: "<w:pStyle w:val=\"Body\"/>")
        let data: JSONValue = ["body": [
            ["heading": "部门概况", "children": [
                ["heading": "机构组成。", "text": "下设三个科室。"],
                ["item": "机构职能。", "children": [["item": "贯彻执行。"], ["item": "组织拟订。", "text": "续段。"]]],
                ["heading": "人员情况。"],
            ]],
            ["item": "数量指标。", "children": [["heading": "小结"]]],
        ]]
        let out = try render(body, data, styles: styles)
        #expect(lines(out) == ["一、部门概况", "（一）机构组成。", "下设三个科室。", "（二）机构职能。", "1.贯彻执行。", "2.组织拟订。",
                               "续段。", "（三）人员情况。", "二、数量指标。", "（一）小结"])
        let paragraphs = descendants(out.root, "p")
        let styleOf = paragraphs.map { descendants($0, "pStyle").first?.attribute("w:val") ?? "" }
        #expect(styleOf == ["1", "2", "Body", "Body", "Body", "Body", "Body", "2", "Body", "2"])
        // The item's run carries the tag's run properties, as body text does; headings carry none.
        let sizes = paragraphs.map { !descendants($0, "sz").isEmpty }
        #expect(sizes == [false, false, true, true, true, true, true, false, true, false])
    }

    /// `numbering` on a node numbers its children in that style when the form skips levels
    /// (seed 004: （1）… right under （一）主要职能, 1.… right under 第三部分 名词解释); the levels
    /// below follow on, and headings among them take that level's style.
    @Test func numberingSkipsLevelsAsTheFormDoes() throws {
        let styles = StyleCatalog(paragraphStyles: [("1", "heading 1"), ("2", "heading 2"), ("3", "heading 3"), ("4", "heading 4"),
                                                    ("Body", "正文")])
        let body = para(run("{{> body}}"), pPr: "<w:pStyle w:val=\"Body\"/>")
        let data: JSONValue = ["body": [
            ["heading": "部门概况", "children": [
                ["heading": "主要职能。", "numbering": "（1）", "children": [["item": "贯彻执行。", "children": [["item": "细则"]]],
                                                                        ["heading": "组织拟订。"]]],
            ]],
            ["heading": "名词解释", "numbering": "1.", "children": [["item": "财政拨款收入：……"], ["item": "其他收入：……"]]],
        ]]
        let out = try render(body, data, styles: styles)
        #expect(lines(out) == ["一、部门概况", "（一）主要职能。", "（1）贯彻执行。", "①细则", "（2）组织拟订。",
                               "二、名词解释", "1.财政拨款收入：……", "2.其他收入：……"])
        let styleOf = descendants(out.root, "p").map { descendants($0, "pStyle").first?.attribute("w:val") ?? "" }
        #expect(styleOf == ["1", "2", "Body", "Body", "4", "1", "Body", "Body"])

        let parts = para(run("{{> body | parts}}"), pPr: "<w:pStyle w:val=\"Body\"/>")
        let partsData: JSONValue = ["body": [["heading": "名词解释", "numbering": "1.", "children": [["item": "财政拨款收入"]]]]]
        #expect(lines(try render(parts, partsData, styles: styles)) == ["第一部分 名词解释", "1.财政拨款收入"])
    }

    /// `keepLast:"2"`: the outline's last two paragraphs keep with what follows (the 落款), with
    /// keepNext after the style as the schema orders it; a table after them would reset the count.
    @Test func keepLastKeepsTheFinalParagraphsWithTheSignature() throws {
        let styles = StyleCatalog(paragraphStyles: [("1", "heading 1"), ("2", "heading 2"), ("Body", "正文")])
        let body = para(run("{{> body | keepLast:\"2\"}}"), pPr: "<w:pStyle w:val=\"Body\"/>")
        let data: JSONValue = ["body": [
            ["heading": "概况", "text": "甲\n乙"],
            ["heading": "结论", "text": "丙", "children": [["item": "丁"]]],
        ]]
        let out = try render(body, data, styles: styles)
        let paragraphs = descendants(out.root, "p")
        let kept = paragraphs.map { !descendants($0, "keepNext").isEmpty && !descendants($0, "keepLines").isEmpty }
        #expect(lines(out) == ["一、概况", "甲", "乙", "二、结论", "丙", "（一）丁"])
        #expect(kept == [false, false, false, false, true, true])
        let pPr = try #require(descendants(paragraphs[5], "pPr").first)
        #expect(pPr.elements.map(\.name) == ["w:pStyle", "w:keepNext", "w:keepLines"])
        #expect(try compileErrors(p("{{> body | keepLast:\"x\"}}")).map(\.code) == [.unknownBlock])
    }

    @Test func outlineWithNamedStyles() throws {
        let styles = StyleCatalog(paragraphStyles: [("a1", "我的一级"), ("a2", "我的二级")])
        let body = p("{{> outline:body | headings:“我的一级,我的二级”}}")
        let out = try render(body, ["body": [["heading": "甲", "children": [["heading": "乙"]]]]], styles: styles)
        #expect(descendants(out.root, "pStyle").map { $0.attribute("w:val") } == ["a1", "a2"])
        #expect(try compileErrors(p("{{> body | headings:“没有这个”}}")).map(\.code) == [.unknownBlock])
    }
}

@Suite struct EmptyTableTests {
    @Test func tableOfOnlyLoopRowsVanishesWhenEmpty() throws {
        let body = p("前") + table(row(cell(p("{{#rows}}{{a}}")), cell(p("{{/rows}}")))) + p("后")
        let empty = try render(body, ["rows": []])
        #expect(descendants(empty.root, "tbl").isEmpty)
        #expect(lines(empty) == ["前", "后"])
        let full = try render(body, ["rows": [["a": "1"]]])
        #expect(lines(full) == ["前", "1 | ", "后"])
        // A header row keeps the table.
        let withHeader = p("前") + table(row(cell(p("标题")), cell(p(""))), row(cell(p("{{#rows}}{{a}}")), cell(p("{{/rows}}"))))
        #expect(lines(try render(withHeader, ["rows": []])) == ["前", "标题 | "])
    }
}

@Suite struct WordStructureTests {
    @Test func inlineLoopWhoseTagsSitAtDifferentDepths() throws {
        // Opened in a plain run, closed inside a hyperlink: each iteration must still nest.
        let body = "<w:p>" + run("{{#l}}&lt;") + "<w:hyperlink r:id=\"rId1\">" + run("{{.}}&gt;{{/l}}", "<w:rStyle w:val=\"Hyperlink\"/>") + run("链") + "</w:hyperlink>" + run("尾") + "</w:p>"
        #expect(lines(try render(body, ["l": ["a", "b", "c"]])) == ["<a><b><c>链尾"])
        #expect(lines(try render(body, ["l": []])) == ["链尾"])
    }

    @Test func tagsInContentControlsFieldsAndRevisions() throws {
        let body = "<w:p><w:sdt><w:sdtPr><w:alias w:val=\"名称\"/></w:sdtPr><w:sdtContent>" + run("{{na") + "</w:sdtContent></w:sdt>"
            + "<w:ins w:id=\"5\" w:author=\"x\" w:date=\"2022-01-01T00:00:00Z\">" + run("me}}") + "</w:ins>"
            + "<w:fldSimple w:instr=\" HYPERLINK &quot;https://example.gov.cn/&quot; \">" + run("[{{unit}}]") + "</w:fldSimple>"
            + "<w:del w:id=\"6\" w:author=\"x\" w:date=\"2022-01-01T00:00:00Z\"><w:r><w:delText>{{deleted}}</w:delText></w:r></w:del></w:p>"
        let template = try compile(body)
        // Deleted text is no tag.
        #expect(template.fields.map(\.path) == ["name", "unit"])
        #expect(lines(try render(body, ["name": "甲", "unit": "局"])) == ["甲[局]"])
        // A tag in a field's code is never filled: E-TPL-039, one per field, naming that field's
        // code (Word splits one code over several runs).
        let coded = body.replacingOccurrences(of: "</w:p>", with: "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r><w:instrText xml:space=\"preserve\"> QUOTE \"{{fi</w:instrText></w:r><w:r><w:instrText>eld}}\" </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>")
        do {
            _ = try compile(coded)
            Issue.record("a tag in a field code compiled")
        } catch let error as TemplateErrors {
            #expect(error.errors.map(\.code) == [.tagInFieldCode], "\(error)")
            #expect(error.errors.first?.message.contains("域代码：QUOTE \"{{field}}\"）") == true, "\(error)")
        }
    }

    @Test func paragraphLoopOverTableRowsWithNestedRowLoop() throws {
        // A paragraph loop repeating a whole table whose detail row loops over the item's list.
        let body = p("{{#projects}}") + p("{{name}}")
            + table(row(cell(p("指标")), cell(p("值"))), row(cell(p("{{#ind}}{{k}}")), cell(p("{{v}}{{/ind}}"))))
            + p("{{/projects}}")
        let data: JSONValue = ["projects": [["name": "甲", "ind": [["k": "a", "v": "1"], ["k": "b", "v": "2"]]], ["name": "乙", "ind": []]]]
        #expect(lines(try render(body, data)) == ["甲", "指标 | 值", "a | 1", "b | 2", "乙", "指标 | 值"])
    }

    @Test func outerScopeVisibleInsideNestedLoops() throws {
        let body = table(row(cell(p("{{#groups}}{{#items}}{{unit}}/{{gname}}/{{name}}")), cell(p("{{@index}}{{/items}}{{/groups}}"))))
        let data: JSONValue = ["unit": "局", "groups": [["gname": "G", "items": [["name": "x"], ["name": "y"]]]]]
        // Both sections close in the same row: the outer loop repeats the row per group, the
        // inner one per item.
        #expect(lines(try render(body, data)) == ["局/G/x | 0", "局/G/y | 1"])
    }
}

@Suite struct RepeatedContentIdentityTests {
    /// Copies of a repeated paragraph must not share bookmark ids/names or paragraph ids, which
    /// Word requires to be unique; outside loops they are kept.
    @Test func bookmarksAndParagraphIdsAreNotDuplicated() throws {
        let w14 = "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\""
        let body = """
        <w:p \(w14) w14:paraId="00000001"><w:bookmarkStart w:id="1" w:name="kept"/><w:r><w:t>标题</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>\
        <w:p><w:r><w:t>{{#items}}</w:t></w:r></w:p>\
        <w:p \(w14) w14:paraId="00000002"><w:bookmarkStart w:id="2" w:name="_Toc1"/><w:r><w:t>{{name}}</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>\
        <w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p>
        """
        let out = try render(body, ["items": [["name": "a"], ["name": "b"], ["name": "c"]]])
        var bookmarkIDs: [String] = []
        var paraIDs: [String] = []
        func walk(_ e: XMLElement) {
            if e.is(wNS, "bookmarkStart"), let id = e.attribute("w:id") { bookmarkIDs.append(id) }
            if let id = e.attribute("w14:paraId") { paraIDs.append(id) }
            for child in e.elements { walk(child) }
        }
        walk(out.root)
        #expect(lines(out) == ["标题", "a", "b", "c"])
        #expect(bookmarkIDs == ["1"])
        #expect(paraIDs == ["00000001"])
    }
}

@Suite struct EmptiedNestedTableTests {
    /// A nested table made only of loop rows vanishes when its list is empty; a cell that held
    /// nothing else must still end with a paragraph, as Word requires.
    @Test func cellKeepsAClosingParagraph() throws {
        let inner = table(row(cell(p("{{#items}}{{name}}")), cell(p("{{/items}}"))))
        let body = table(row(cell(inner)))
        let out = try render(body, ["items": []])
        let outerCell = try #require(findFirst(out.root, "tc"))
        #expect(outerCell.elements.last?.localName == "p")
        #expect(!outerCell.elements.contains { $0.localName == "tbl" })
        let filled = try render(body, ["items": [["name": "甲"]]])
        let filledCell = try #require(findFirst(filled.root, "tc"))
        #expect(filledCell.elements.contains { $0.localName == "tbl" })
        // A cell whose paragraph precedes the table gets no extra paragraph.
        let withText = try render(table(row(cell(p("前") + inner))), ["items": []])
        #expect(try #require(findFirst(withText.root, "tc")).elements.filter { $0.localName == "p" }.count == 1)
    }

    func findFirst(_ element: XMLElement, _ local: String) -> XMLElement? {
        if element.localName == local { return element }
        for child in element.elements {
            if let found = findFirst(child, local) { return found }
        }
        return nil
    }
}

/// Outline numbering and the `cn` filter's numerals (one implementation, used when rendering).
@Suite struct NumberingTests {
    @Test func chineseNumerals() {
        let expected = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十九", "二十", "二十一", "二十九"]
        let numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 19, 20, 21, 29]
        #expect(numbers.map { ChineseNumerals.text($0) } == expected.map(Optional.some))
        #expect(ChineseNumerals.text(100) == "一百")
        #expect(ChineseNumerals.text(105) == "一百零五")
    }

    @Test func outlineNumbersByLevel() {
        #expect(OutlineGenerator.number(level: 1, index: 3) == "三、")
        #expect(OutlineGenerator.number(level: 2, index: 11) == "（十一）")
        #expect(OutlineGenerator.number(level: 3, index: 2) == "2.")
        #expect(OutlineGenerator.number(level: 4, index: 1) == "（1）")
        #expect(OutlineGenerator.number(level: 5, index: 1) == "①")
        #expect(OutlineGenerator.number(level: 5, index: 21) == "㉑")
        #expect(OutlineGenerator.number(level: 5, index: 50) == "㊿")
    }
}
