import ArgumentParser
import Foundation
import ReportKit

/// `--pdf`: every .docx converted by LibreOffice in one run of `soffice`.
enum PDFConversion {
    static func soffice() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in paths {
            for name in ["soffice", "libreoffice"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static func convert(_ files: [GeneratedFile], console: Console, quiet: Bool) throws -> [GeneratedFile] {
        guard let soffice = soffice() else {
            console.problems(["E-PDF-001 未找到 LibreOffice（soffice），无法转换 PDF。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk，或去掉 --pdf。"],
                             summary: "未改动任何文件。")
            throw ExitCode(1)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        let output = scratch.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let documents = files.filter { $0.path.hasSuffix(".docx") }
        // Index names: soffice writes <stem>.pdf, and stems must not depend on its handling of CJK.
        for (i, file) in documents.enumerated() {
            try Data(file.bytes).write(to: input.appendingPathComponent("\(i).docx"))
        }
        if !quiet { console.info("正在用 LibreOffice 转换 \(documents.count) 个文档为 PDF…") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=file://\(scratch.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", output.path]
            + documents.indices.map { input.appendingPathComponent("\($0).docx").path }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        var pdfs: [GeneratedFile] = []
        var missing: [String] = []
        for (i, file) in documents.enumerated() {
            let url = output.appendingPathComponent("\(i).pdf")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                missing.append(file.path)
                continue
            }
            pdfs.append(GeneratedFile(path: String(file.path.dropLast(5)) + ".pdf", bytes: Array(data)))
        }
        if !missing.isEmpty {
            console.problems(missing.map { "E-PDF-002 LibreOffice 未能转换 \($0)" }, summary: "PDF 转换失败，未改动任何文件。")
            throw ExitCode(1)
        }
        return pdfs
    }
}
