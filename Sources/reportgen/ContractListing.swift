import Foundation
import ReportKit
import Templating

/// `template fields --for KIND`: the data contract of a template kind, for staff.
enum ContractListing {
    struct Row: Encodable {
        var chinese: String
        var path: String
        var kind: String
        var meaning: String
        var example: String
        /// Whether a tag may use the Chinese name instead of the path.
        var alias: Bool
    }

    static func rows(_ kind: TemplateContract.Kind) -> [Row] {
        TemplateContract.contract(kind).fields.filter { $0.kind != .object }.map { field in
            Row(chinese: field.chinese, path: field.path, kind: field.kind.rawValue, meaning: field.meaning,
                example: field.example, alias: field.isAlias && !field.chinese.isEmpty)
        }
    }

    static func print(_ kind: TemplateContract.Kind, json: Bool) throws {
        let rows = rows(kind)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        Swift.print("\(kind.rawValue)（\(kind.chineseName)，默认模板 \(kind.fileName)）可用的字段：")
        Swift.print(["中文名", "路径", "含义", "示例"].joined(separator: "\t"))
        for row in rows {
            let name = row.alias ? row.chinese : (row.chinese.isEmpty ? "" : row.chinese + "（仅说明）")
            Swift.print([name, row.path, row.meaning, row.example].joined(separator: "\t"))
        }
        Swift.print("""
        说明：标签可写路径或中文名，如 {{project.name}} 与 {{项目名称}} 相同；路径中的 [] 表示列表的每一项，
        在 {{#列表}}…{{/列表}} 内只写项内的字段（如 {{#indicators}}{{三级指标}}{{/indicators}}）。
        """)
    }
}
