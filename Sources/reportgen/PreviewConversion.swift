import Foundation
import OOXML

/// `template preview -o x.pdf|x.png`: the rendered .docx through LibreOffice and pdftoppm,
/// each run in its own scratch directory.
enum PreviewConversion {
    enum Format: Equatable {
        case docx, pdf, png

        init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "docx": self = .docx
            case "pdf": self = .pdf
            case "png": self = .png
            default: return nil
            }
        }
    }

    struct Tools {
        var soffice: String?
        var pdftoppm: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func find(_ names: [String]) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in paths {
            for name in names {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The converters `format` needs; exits with every missing one named (and how to install it).
    static func requireTools(for format: Format) -> Tools {
        var tools = Tools()
        guard format != .docx else { return tools }
        var problems: [String] = []
        tools.soffice = find(["soffice", "libreoffice"])
        if tools.soffice == nil {
            problems.append("E-PRV-002 未找到 LibreOffice（soffice），无法生成 \(format == .pdf ? "PDF" : "PNG") 预览。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk，或改为输出 .docx。")
        }
        if format == .png {
            tools.pdftoppm = find(["pdftoppm"])
            if tools.pdftoppm == nil {
                problems.append("E-PRV-004 未找到 pdftoppm，无法生成 PNG 预览。请安装：apt-get install -y poppler-utils，或改为输出 .pdf。")
            }
        }
        if !problems.isEmpty { CommandSupport.fail(problems.joined(separator: "\n")) }
        return tools
    }

    static func convert(_ docx: [UInt8], to format: Format, page: Int, tools: Tools) throws(Failure) -> [UInt8] {
        guard let soffice = tools.soffice else { throw Failure("E-PRV-002 未找到 LibreOffice（soffice）") }
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("reportgen-preview-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("preview.docx")
        let pdf = scratch.appendingPathComponent("preview.pdf")
        do {
            try SystemFiles.makeDirectories(scratch.path)
            try SystemFiles.writeNewFile(input.path, docx)
        } catch {
            throw Failure("E-PRV-003 无法创建临时目录 \(scratch.path)：\(error.message)")
        }
        // A private profile: a running LibreOffice or a parallel conversion would otherwise
        // take the call over and write nothing here.
        let status = run(soffice, ["-env:UserInstallation=file://\(scratch.path)/profile", "--headless",
                                   "--convert-to", "pdf", "--outdir", scratch.path, input.path])
        guard let pdfData = fm.contents(atPath: pdf.path) else {
            throw Failure("E-PRV-003 LibreOffice 未能把预览转换为 PDF（soffice 退出码 \(status.map(String.init) ?? "无法运行")）")
        }
        if format == .pdf { return Array(pdfData) }

        guard let pdftoppm = tools.pdftoppm else { throw Failure("E-PRV-004 未找到 pdftoppm") }
        let prefix = scratch.appendingPathComponent("page")
        let pageText = String(page)
        let rendered = run(pdftoppm, ["-png", "-r", "80", "-f", pageText, "-l", pageText, "-singlefile", pdf.path, prefix.path])
        guard let png = fm.contents(atPath: prefix.path + ".png") else {
            let pages = pageCount(pdf.path).map { "，文档共 \($0) 页" } ?? ""
            throw Failure("E-PRV-005 无法生成第 \(page) 页的图像（pdftoppm 退出码 \(rendered.map(String.init) ?? "无法运行")\(pages)）")
        }
        return Array(png)
    }

    /// The exit status, or nil when the program could not be started.
    static func run(_ executable: String, _ arguments: [String]) -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Pages of a PDF by `pdfinfo` (same package as pdftoppm), for the error message only.
    static func pageCount(_ pdf: String) -> Int? {
        guard let pdfinfo = find(["pdfinfo"]) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdfinfo)
        process.arguments = [pdf]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Pages:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
