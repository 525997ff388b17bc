import Foundation
import Testing

/// docxtemplater's own fixtures (../shared/conformance/docxtemplater): each case rendered with
/// `--delimiters "{ }" --missing empty` must extract to exactly the expected text.
@Suite struct ConformanceTests {
    static var root: URL? {
        EndToEnd.shared?.appendingPathComponent("conformance/docxtemplater")
    }

    static func cases() -> [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        var result = names.filter { $0.first?.isNumber == true }.sorted()
        if ProcessInfo.processInfo.environment["CONFORMANCE_DOCXTEMPLATER_EXTRA"] == "1",
           let extra = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("extra").path) {
            result += extra.filter { $0.first?.isNumber == true }.sorted().map { "extra/" + $0 }
        }
        return result
    }

    /// A Python with python-docx and lxml already installed (docx-check's venv or python3 on
    /// PATH); nil otherwise: the tests then show as skipped (nothing is installed from the network).
    static let python: URL? = {
        var candidates = ["/opt/docx-check-venv/bin/python"]
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(directory) + "/python3")
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let url = URL(fileURLWithPath: candidate)
            if let probe = try? EndToEnd.run(url, ["-c", "import docx, lxml"]), probe.status == 0 { return url }
        }
        return nil
    }()

    @Test(.enabled(if: root != nil, "未找到 ../shared/conformance/docxtemplater"))
    func suiteIsPresent() throws {
        #expect(Self.cases().count >= 10)
    }

    @Test(.enabled(if: root != nil && python != nil, "需要 ../shared/conformance/docxtemplater 与装有 python-docx、lxml 的 Python"),
          arguments: cases())
    func rendersExpectedText(_ name: String) throws {
        let root = try #require(Self.root)
        let python = try #require(Self.python)
        let dir = root.appendingPathComponent(name)
        let scratch = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("out.docx")
        let render = try EndToEnd.reportgen(["render", "--template", dir.appendingPathComponent("template.docx").path,
                                             "--data", dir.appendingPathComponent("data.json").path,
                                             "-o", output.path, "--delimiters", "{ }", "--missing", "empty"])
        #expect(render.status == 0, "\(name): \(render.stderr)")
        guard render.status == 0 else { return }
        let extracted = try EndToEnd.run(python, [root.appendingPathComponent("extract.py").path, output.path])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8)
        #expect(extracted.stdout == expected, "\(name): extracted text differs")
    }
}
