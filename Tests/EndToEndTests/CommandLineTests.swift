import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpIsChinese() throws {
        let result = try EndToEnd.reportgen(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("生成部门决算公开"))
        for command in ["package", "project", "validate", "render", "template", "docx"] {
            #expect(result.stdout.contains(command))
        }
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try EndToEnd.reportgen(["no-such-command"])
        #expect(result.status != 0)
    }
}

@Suite struct TemplateSourcesTests {
    /// The committed templates are what their readable sources build (scripts/build-templates.py).
    @Test func committedTemplatesMatchTheirSources() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/build-templates.py").path, "--check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// docs/模板维护指南.md quotes the program: §四's messages (each mistake made on the 自评表 and
    /// checked with this binary) and §五's field tables are what the binary prints now.
    @Test func theGuideQuotesTheProgram() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/guide-sync.py").path, "--check"],
                                      environment: ["REPORTGEN_BINARY": EndToEnd.binary.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// docs/数据格式.md lists every definition, accounts and template code the sources declare.
    @Test func theCodeTablesListEveryCode() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/doc-codes.py").path, "--check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
