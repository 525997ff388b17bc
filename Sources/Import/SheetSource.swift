import ErrorCodes
import Foundation
import OOXML

/// Opens the sheet an import reads: an .xlsx through `OOXML` (the same zip and XML limits as
/// a .docx), or a CSV decoded by `CSVReader`'s encoding rule.
enum SheetSource {
    /// Largest CSV read; a form is a few kilobytes.
    static let maximumCSVSize = 16 * 1024 * 1024

    static func grid(path: String, sheet: String?, report: inout ImportReport) throws(ImportErrors) -> SheetGrid {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
            do {
                let workbook = try SpreadsheetPackage(path: path)
                return try SheetGrid(sheet: workbook.sheet(named: sheet), file: path)
            } catch let error as OOXMLError where error.code == .notAZip {
                throw ImportErrors([ImportProblem(error.code, "不是 .xlsx 文件（.xlsx 是 zip 格式；.xls、.et 请先另存为 .xlsx）", file: path)])
            } catch let error as OOXMLError {
                throw ImportErrors([ImportProblem(error, file: path)])
            } catch let error as ImportErrors {
                throw error
            } catch {
                throw ImportErrors([ImportProblem(.unreadableFile, "\(error)", file: path)])
            }
        }
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".txt") else {
            throw ImportErrors([ImportProblem(.unreadableFile, "只能导入 .xlsx 或 .csv 文件（.xls、.et、.ods 请先在 Excel/WPS/LibreOffice 中另存为 .xlsx）", file: path)])
        }
        let bytes: [UInt8]
        do {
            bytes = try SystemFiles.readFile(path, limit: maximumCSVSize, followSymlinks: true)
        } catch {
            throw ImportErrors([ImportProblem(error.code, "无法读取：\(error.message)", file: path)])
        }
        guard let (text, encoding) = CSVReader.decode(bytes) else {
            throw ImportErrors([ImportProblem(.csvEncoding, "不是 UTF-8 或 GB18030 编码的文本；请在 Excel/WPS 中另存为“CSV UTF-8”", file: path)])
        }
        report.notes.append("\(path)：按 \(encoding.rawValue) 编码读取")
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if let sheet, sheet != name {
            throw ImportErrors([ImportProblem(.sheetMissing, "CSV 文件只有一张表（「\(name)」），没有名为「\(sheet)」的工作表", file: path)])
        }
        do {
            return try SheetGrid(csv: CSVReader.records(text), file: path)
        } catch let error as CSVReader.QuoteProblem {
            throw ImportErrors([ImportProblem(.csvQuotes, error.message, file: path,
                                              cell: CellPosition(row: error.row, column: error.column).address)])
        } catch let error as ImportErrors {
            throw error
        } catch {
            throw ImportErrors([ImportProblem(.unreadableFile, "\(error)", file: path)])
        }
    }
}

/// Writes an output file atomically: staged beside the destination, checked, then renamed
/// over it; on any problem the stage is removed and an existing file stays as it was.
enum OutputFile {
    static func write(_ bytes: [UInt8], to path: String, check: (String) throws(ImportErrors) -> Void) throws(ImportErrors) {
        let folder = (path as NSString).deletingLastPathComponent
        let staged = (folder.isEmpty ? "" : folder + "/") + "." + (path as NSString).lastPathComponent + ".import-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            if !folder.isEmpty { try SystemFiles.makeDirectories(folder) }
            try SystemFiles.replaceFile(staged, bytes)
        } catch {
            throw ImportErrors([ImportProblem(.importOutputWrite, "无法写出：\(error.message)", file: path)])
        }
        do {
            try check(staged)
            try SystemFiles.rename(staged, to: path)
        } catch let error as ImportErrors {
            try? SystemFiles.removeTree(staged)
            throw error
        } catch let error as SystemFileError {
            try? SystemFiles.removeTree(staged)
            throw ImportErrors([ImportProblem(.importOutputWrite, "无法写出：\(error.message)", file: path)])
        } catch {
            try? SystemFiles.removeTree(staged)
            throw ImportErrors([ImportProblem(.importOutputWrite, "无法写出：\(error)", file: path)])
        }
    }
}
