import ArgumentParser
import Foundation
import ReportKit

/// `--pdf`: every .docx of the staged package converted by one run of LibreOffice.
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

    /// Checked before anything is rendered, so a missing LibreOffice costs nothing.
    static func requireLibreOffice(console: Console) throws {
        guard soffice() == nil else { return }
        console.problems(["E-PDF-001 未找到 LibreOffice（soffice），无法转换 PDF。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk，或去掉 --pdf。"],
                         summary: "未改动任何文件。")
        throw ExitCode(1)
    }

    static func convert(_ files: StagedFiles, console: Console, quiet: Bool) throws(ReportKitFailure) {
        guard let soffice = soffice() else { throw ReportKitFailure(["E-PDF-001 未找到 LibreOffice（soffice）"]) }
        let documents = files.files.map(\.path).filter { $0.hasSuffix(".docx") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        let output = scratch.appendingPathComponent("out")
        do {
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            // Numbered links: soffice names each PDF after its input, and CJK names need not survive that.
            for (i, path) in documents.enumerated() {
                try FileManager.default.createSymbolicLink(at: input.appendingPathComponent("\(i).docx"), withDestinationURL: try files.url(of: path))
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
        } catch {
            throw ReportKitFailure(["E-PDF-002 无法运行 LibreOffice：\(error)"])
        }
        var problems: [String] = []
        for (i, path) in documents.enumerated() {
            guard let data = FileManager.default.contents(atPath: output.appendingPathComponent("\(i).pdf").path) else {
                problems.append("E-PDF-002 LibreOffice 未能转换 \(path)")
                continue
            }
            do {
                try files.write(String(path.dropLast(5)) + ".pdf", Array(data))
            } catch {
                problems.append("\(error)")
            }
        }
        if !problems.isEmpty { throw ReportKitFailure(problems) }
    }
}
