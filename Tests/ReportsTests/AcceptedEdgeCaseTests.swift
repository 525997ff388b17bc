import Foundation
import Testing
import JSONValue
@testable import Reports

/// Inputs that look unusual but must load.
@Suite struct AcceptedEdgeCaseTests {
    @Test func byteOrderMarkIsSkipped() throws {
        // Windows Notepad saves UTF-8 with EF BB BF in front.
        let dir = try TemporaryDirectory()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("valid/seed-002.json"))))
        let path = try dir.write("bom.json", [0xEF, 0xBB, 0xBF] + bytes)
        let project = try loadProject(path)
        #expect(project.evaluation.total == 100)
    }

    @Test func commentsAnywhereAndDecimalStrings() throws {
        let loaded = try DefinitionLoader.load(path: Fixtures.path("valid/comments-and-strings.json"))
        #expect(!loaded.warnings.contains { $0.isError })
        let project = try #require(loaded.projects.first)
        let fund = try #require(project.definition.funds.first)
        #expect(fund.executed.map(FormFormat.money) == "37.14")
        #expect(fund.annualBudget.map(FormFormat.money) == "50.00")
        // 37.14 / 50 = 74.28%; budget score 10 × 0.7428 = 7.428 → 7.43.
        #expect(project.evaluation.budgetExecution.map { FormFormat.rate($0.rate) } == "74.28%")
        #expect(project.evaluation.budgetExecution?.score == decimal("7.43"))
        #expect(project.evaluation.funds.total.balance?.value == decimal("12.86"))
        #expect(project.definition.indicators[0].weight?.value == 20)
        #expect(project.definition.departmentCode == "512999")
        // The chart is passed through with its number literals.
        let chart = project.definition.body.first?.children?.last?.chart
        let firstSeries = chart?.value["series"]?.arrayValue?.first
        #expect(firstSeries?["values"] == JSONValue.array([.number("37.14"), .number("50.00")]))
    }

    @Test func tenMegabyteTextField() throws {
        let dir = try TemporaryDirectory()
        var text = try String(contentsOfFile: Fixtures.path("valid/seed-002.json"), encoding: .utf8)
        let long = String(repeating: "医疗救助资金按规定使用。", count: 10 * 1024 * 1024 / 36 + 1)
        #expect(long.utf8.count >= 10 * 1024 * 1024)
        text = text.replacingOccurrences(of: "\"text\": \"项目概况：进一步健全医疗救助制度，确保困难群众待遇落实，救助到位。\"",
                                         with: "\"text\": \"\(long)\"")
        let project = try loadProject(try dir.write("long.json", text))
        #expect(project.definition.body.first?.children?.first?.text?.utf8.count == long.utf8.count)
    }

    @Test func numbersAsTargetLiteralsAreKeptVerbatim() throws {
        let dir = try TemporaryDirectory()
        var text = try String(contentsOfFile: Fixtures.path("valid/seed-002.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"target\": \"2249\"", with: "\"target\": 2249")
        let project = try loadProject(try dir.write("n.json", text))
        #expect(project.definition.indicators[0].target == "2249")
        #expect(project.evaluation.indicators[0].completionRate.map(FormFormat.rate) == "216.23%")
    }
}

@Suite struct PackageTests {
    @Test func goodPackageLoadsGlobsSortedInlineAndFiles() throws {
        let package = try PackageLoader.load(path: Fixtures.path("packages/good/package.json"))
        #expect(package.projects.map(\.definition.id) == ["a-first", "b-second", "inline-one"])
        #expect(package.projects.map(\.file).prefix(2) == ["projects/a-first.json", "projects/b-second.json"])
        #expect(package.projects[2].path == "projects[1]")
        #expect(package.projects.allSatisfy { $0.year == 2021 && $0.unit == "盐边县医疗保障局" })
        #expect(package.department?.title == "2021年部门整体绩效评价报告")
        #expect(package.finalAccounts?.definition.title == "部门决算情况说明")
        #expect(package.definition.templates?.project == "templates/project-report.docx")
        // The fixture's projects have no body (W-DEF-034 each); nothing else.
        #expect(package.warnings.map(\.code.rawValue) == ["W-DEF-034", "W-DEF-034", "W-DEF-034"], "\(package.warnings)")
        // 37.14 / 50 → 74.28% on every project of this package.
        #expect(package.projects.allSatisfy { $0.evaluation.budgetExecution.map { FormFormat.rate($0.rate) } == "74.28%" })
    }

    @Test func fileReferencedTwiceIsReadOnce() throws {
        let package = try PackageLoader.load(path: Fixtures.path("packages/twice/package.json"))
        #expect(package.projects.map(\.definition.id) == ["a", "b"])
        // Besides the fixture's projects having no body (W-DEF-034).
        let warnings = package.warnings.filter { $0.code.rawValue != "W-DEF-034" }
        #expect(warnings.map(\.code.rawValue) == ["W-DEF-005"])
        #expect(warnings.first?.path == "projects[1]")
    }

    @Test func loaderTellsPackagesFromProjects() throws {
        if case .package = try DefinitionLoader.load(path: Fixtures.path("packages/good/package.json")) {} else {
            Issue.record("a package was not recognised")
        }
        if case .project = try DefinitionLoader.load(path: Fixtures.path("valid/seed-002.json")) {} else {
            Issue.record("a project was not recognised")
        }
    }

    @Test func projectYearDifferentFromThePackageIsAWarning() throws {
        let dir = try TemporaryDirectory()
        let project = try String(contentsOfFile: Fixtures.path("valid/seed-002.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"year\": 2021", with: "\"year\": 2020")
        try dir.write("projects/p.json", project)
        let path = try dir.write("package.json", """
            {"format": "reportgen/1", "year": 2021, "unit": {"name": "某县医疗保障局"}, "projects": ["projects/p.json"]}
            """)
        let package = try PackageLoader.load(path: path)
        #expect(package.warnings.map(\.code.rawValue) == ["W-DEF-008"])
        #expect(package.projects.first?.year == 2020)
    }

    @Test func globMatcher() {
        #expect(Glob.matches(Array("*.json"), Array("离休干部医疗费.json")))
        #expect(!Glob.matches(Array("*.json"), Array("notes.txt")))
        #expect(Glob.matches(Array("p?-[a-c]*.json"), Array("p1-b2.json")))
        #expect(!Glob.matches(Array("p?-[!a-c]*.json"), Array("p1-b2.json")))
        #expect(Glob.matches(Array("*a*a*a*a*b"), Array(String(repeating: "a", count: 40) + "b")))
    }
}

/// Rules that produce warnings, not errors: the definition stays valid.
@Suite struct WarningTests {
    func variant(_ replacements: [(String, String)]) throws -> [DefinitionProblem] {
        let dir = try TemporaryDirectory()
        var text = try String(contentsOfFile: Fixtures.path("valid/seed-002.json"), encoding: .utf8)
        for (a, b) in replacements {
            #expect(text.contains(a), "fixture lacks \(a)")
            text = text.replacingOccurrences(of: a, with: b)
        }
        return problems(of: try dir.write("p.json", text))
    }

    @Test func givenScoreThatDiffersNamesBothValues() throws {
        let found = try variant([("\"target\": \"95\", \"actual\": \"95%\"", "\"target\": \"95\", \"actual\": \"90%\", \"score\": 10")])
        let warning = try #require(found.first { $0.code.rawValue == "W-DEF-002" })
        #expect(warning.path == "indicators[5].score")
        #expect(warning.message.contains("10") && warning.message.contains("9.47"))  // 10 × 90/95
    }

    @Test func rateOutsideTheBandWithoutDeviation() throws {
        let found = try variant([("\"deviation\": \"2021年人数增长\"", "\"deviation\": \"\"")])
        #expect(found.contains { $0.code.rawValue == "W-DEF-003" && $0.path == "indicators[0].deviation" && $0.message.contains("216.23%") })
    }

    @Test func lowBudgetExecutionWithoutDeviation() throws {
        let found = try variant([("\"received\": 5, \"executed\": 5", "\"received\": 5, \"executed\": 4")])
        #expect(found.contains { $0.code.rawValue == "W-DEF-004" && $0.message.contains("80.00%") })
        #expect(!found.contains { $0.isError })
    }

    @Test func oddTargetWithAGivenScore() throws {
        let found = try variant([("\"target\": \"95\", \"actual\": \"95%\"", "\"target\": \"95人\", \"actual\": \"95%\", \"score\": 10")])
        #expect(found.contains { $0.code.rawValue == "W-DEF-006" && $0.path == "indicators[5]" })
        #expect(!found.contains { $0.isError })
    }

    @Test func executedAboveReceived() throws {
        let found = try variant([("\"received\": 5, \"executed\": 5", "\"received\": 4, \"executed\": 5")])
        #expect(found.contains { $0.code.rawValue == "W-DEF-007" && $0.path == "funds[0].executed" })
    }
}

@Suite struct InMemoryTests {
    @Test func loadProjectFromBytesAndReEvaluate() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("valid/seed-002.json"))))
        let project = try DefinitionLoader.loadProject(bytes: bytes, name: "seed-002.json")
        #expect(project.evaluation.total == 100)
        var changed = project.definition
        changed.funds[0].executed = FormNumber(decimal("4"))
        changed.budgetExecution?.deviation = "资金结余。"
        let (evaluation, problems) = ProjectEvaluation.evaluate(changed)
        // 4 / 5 = 80% → 10 × 0.8 = 8; total 98 → 优.
        #expect(evaluation?.budgetExecution?.score == 8)
        #expect(evaluation?.total == 98)
        #expect(problems.filter(\.isError).isEmpty)
    }

    @Test func bytesWithErrorsThrowEveryProblem() {
        #expect(throws: DefinitionErrors.self) { try DefinitionLoader.loadProject(bytes: Array("{\"id\": 1}".utf8), name: "x.json") }
        do {
            _ = try DefinitionLoader.loadProject(bytes: Array("{\"id\": 1}".utf8), name: "x.json")
        } catch {
            #expect(Set(error.problems.map(\.code.rawValue)) == ["E-DEF-010", "E-DEF-011", "W-DEF-034"])
        }
    }
}
