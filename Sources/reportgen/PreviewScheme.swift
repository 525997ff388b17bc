import ErrorCodes
import Foundation
import JSONValue
import ReportKit

/// `template preview --scheme` and `--sample`: one scoring scheme's tables at a time.
enum PreviewScheme: String, CaseIterable, OptionWord {
    case mof = "mof-2020", ippe, none

    static let option = "--scheme"
    static let code = ErrorCode.previewSampleOption

    /// The flag of `scheme.*` the scheme turns on.
    var flag: String {
        switch self {
        case .mof: return "mof"
        case .ippe: return "ippe"
        case .none: return "none"
        }
    }

    /// Turns off the other schemes' flags; the chosen one keeps what the preview built for it
    /// (its section's placeholders), or becomes true when the template does not test it.
    static func apply(_ scheme: PreviewScheme, to data: JSONValue) -> JSONValue {
        guard case .object(let root) = data else { return data }
        func set(_ object: JSONObject, _ key: String, _ value: JSONValue) -> JSONObject {
            var members = object.members
            if let i = members.firstIndex(where: { $0.key == key }) { members[i].value = value } else { members.append((key: key, value: value)) }
            return JSONObject(members)
        }
        var flags = root["scheme"]?.objectValue ?? JSONObject([])
        for other in PreviewScheme.allCases {
            if other == scheme {
                if flags[other.flag] == nil { flags = set(flags, other.flag, .bool(true)) }
            } else {
                flags = set(flags, other.flag, .bool(false))
            }
        }
        return .object(set(root, "scheme", .object(flags)))
    }

    /// The shipped sample for a template kind (`templates/samples`).
    static func samplePath(kind: TemplateContract.Kind?, scheme: PreviewScheme?) -> String {
        let directory = TemplateLocator.defaultDirectory().appendingPathComponent("samples")
        let name: String
        switch kind {
        case .project?, .sheet?: name = "project-report-\((scheme ?? .mof) == .mof ? "mof" : (scheme ?? .mof).rawValue).json"
        case .target?: name = "target-self-evaluation.json"
        case .summary?: name = "summary.json"
        case .document?, nil:
            CommandSupport.fail(CommandError(.previewSampleOption, "--sample 只用于 project、sheet、target、summary 模板（可用 --for 指定种类）；其他模板请用 --data"))
        }
        return directory.appendingPathComponent(name).path
    }
}
