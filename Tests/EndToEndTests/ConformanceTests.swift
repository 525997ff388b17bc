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

    /// python with python-docx and lxml: the docx-check venv, or /tmp/conf-venv (created if needed).
    static func python() throws -> URL? {
        for candidate in ["/opt/docx-check-venv/bin/python", "/tmp/conf-venv/bin/python"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        let made = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", "-c", "python3 -m venv /tmp/conf-venv && /tmp/conf-venv/bin/pip install -q python-docx lxml"])
        return made.status == 0 ? URL(fileURLWithPath: "/tmp/conf-venv/bin/python") : nil
    }

    @Test func suiteIsPresent() throws {
        guard Self.root != nil else {
            print("跳过 docxtemplater 一致性测试：未找到 ../shared/conformance/docxtemplater")
            return
        }
        #expect(Self.cases().count >= 10)
    }

    @Test(arguments: cases())
    func rendersExpectedText(_ name: String) throws {
        guard let root = Self.root else { return }
        guard let python = try Self.python() else {
            print("跳过 \(name)：没有带 python-docx 的 Python")
            return
        }
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
