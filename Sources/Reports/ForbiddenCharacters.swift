import ErrorCodes
import JSONValue
import TextFormats

/// Text values holding characters XML 1.0 forbids (`"\u0000"` in a name, control characters
/// pasted from other software): the documents and CSVs leave them out (W-RND-001 at rendering),
/// so `validate` says so beforehand, at the value's JSON path (W-DEF-035). Before, `validate`
/// passed such a file silently and the CSV carried the NUL byte.
enum ForbiddenCharacters {
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// Every string value under `root` with a forbidden character, reported once each.
    static func check(_ root: JSONValue, context: DecodingContext) {
        var steps: [Step] = []
        func path() -> String {
            steps.reduce("") { path, step in
                switch step {
                case .key(let key): return JSONPath.appending(path, key: key)
                case .index(let index): return JSONPath.appending(path, index: index)
                }
            }
        }
        func walk(_ value: JSONValue) {
            switch value {
            case .string(let text):
                guard !XMLCharacters.allAllowed(text), let character = XMLCharacters.firstForbidden(text) else { return }
                context.report(.forbiddenCharacterInText, path(),
                               "文字中含有 XML 不允许的控制字符 \(character)（多半是从别的软件复制来的，或写了 \\u 转义），生成的文档与 CSV 中将删去它；请删除。")
            case .array(let items):
                for (index, item) in items.enumerated() {
                    steps.append(.index(index))
                    walk(item)
                    steps.removeLast()
                }
            case .object(let object):
                for (key, item) in object {
                    steps.append(.key(key))
                    walk(item)
                    steps.removeLast()
                }
            case .null, .bool, .number: return
            }
        }
        walk(root)
    }
}
