import Foundation
import OOXML
import Reports

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

    /// The converters `format` needs; exits with every missing one named (and how to install it).
    static func requireTools(for format: Format) -> Tools {
        var tools = Tools()
        guard format != .docx else { return tools }
        var problems: [CommandError] = []
        tools.soffice = PDFConversion.soffice()
        if tools.soffice == nil {
            problems.append(CommandError(.previewNoLibreOffice, "未找到 LibreOffice（soffice），无法生成 \(format == .pdf ? "PDF" : "PNG") 预览。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk，或改为输出 .docx。"))
        }
        if format == .png {
            tools.pdftoppm = ExternalTool.find("pdftoppm")
            if tools.pdftoppm == nil {
                problems.append(CommandError(.previewNoPdftoppm, "未找到 pdftoppm，无法生成 PNG 预览。请安装：apt-get install -y poppler-utils，或改为输出 .pdf。"))
            }
        }
        if !problems.isEmpty { CommandSupport.fail(problems) }
        return tools
    }

    static func convert(_ docx: [UInt8], to format: Format, page: Int, tools: Tools) throws(CommandError) -> [UInt8] {
        guard let soffice = tools.soffice else { throw CommandError(.previewNoLibreOffice, "未找到 LibreOffice（soffice）") }
        let fm = FileManager.default
        let folder: ScratchFolder
        do {
            folder = try ScratchFolder.make(prefix: "reportgen-preview-")
        } catch {
            throw CommandError(.previewConversion, "无法创建临时目录 \(error.path)：\(error.message)")
        }
        defer { folder.remove() }
        let scratch = folder.url
        let input = scratch.appendingPathComponent("preview.docx")
        do {
            try SystemFiles.writeNewFile(input.path, docx)
        } catch {
            throw CommandError(.previewConversion, "无法创建临时目录 \(scratch.path)：\(error.message)")
        }
        let converter = LibreOfficeConverter(soffice: soffice, workers: 1, scratch: scratch, cache: CacheFolder.user())
        let converted = converter.convert([input]) { _, _ in }
        guard case .success(let pdf)? = converted.first, let pdfData = fm.contents(atPath: pdf.path) else {
            let reason = converted.first.map { result -> String in
                if case .failure(.timedOut) = result { return "超时" }
                if case .failure(.couldNotStart) = result { return "无法启动 soffice" }
                return "未生成 PDF"
            } ?? "未生成 PDF"
            throw CommandError(.previewConversion, "LibreOffice 未能把预览转换为 PDF（\(reason)）")
        }
        if format == .pdf { return Array(pdfData) }

        guard let pdftoppm = tools.pdftoppm else { throw CommandError(.previewNoPdftoppm, "未找到 pdftoppm") }
        let prefix = scratch.appendingPathComponent("page")
        let pageText = String(page)
        let rendered = ExternalTool.run(pdftoppm, ["-png", "-r", "80", "-f", pageText, "-l", pageText, "-singlefile", pdf.path, prefix.path])
        guard let png = fm.contents(atPath: prefix.path + ".png") else {
            let pages = pageCount(pdf.path).map { "，文档共 \($0) 页" } ?? ""
            throw CommandError(.previewPage, "无法生成第 \(page) 页的图像（pdftoppm \(rendered == .couldNotStart ? "无法运行" : "未输出该页")\(pages)）")
        }
        return Array(png)
    }

    /// Pages of a PDF by `pdfinfo` (same package as pdftoppm), for the error message only.
    static func pageCount(_ pdf: String) -> Int? {
        guard let pdfinfo = ExternalTool.find("pdfinfo"), let text = ExternalTool.output(pdfinfo, [pdf]) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pages:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
