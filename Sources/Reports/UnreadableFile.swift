import Foundation
import TextFormats

/// Why a file the user named (a definition, a template) cannot be opened, in Chinese: the one
/// wording for `package`, `validate` and the templates, instead of "文件不存在" for a file the
/// directory listing just showed.
public enum UnreadableFile {
    public static func reason(_ path: String) -> String {
        // A name that is not UTF-8 (saved under a GBK locale, copied from an old zip) comes
        // out of the directory listing with U+FFFD in place of its bytes, and that name then
        // opens nothing.
        if path.contains("\u{FFFD}") {
            return "文件名不是有效的 UTF-8（含无法识别的字节，显示为 �，常见于在 GBK 系统上命名或从旧压缩包解出的文件），reportgen 无法按此名称打开它；请把文件改名后重试。"
        }
        var link = stat()
        guard lstat(path, &link) == 0 else {
            switch errno {
            case EACCES: return "没有权限访问它所在的目录。"
            // A folder on the way is a looping link (`sub/x.json` with `sub` → `sub`).
            case ELOOP: return "路径中的目录是循环的符号链接（链接最终指回自己，或层数过多），无法读取。"
            case ENOTDIR: return "路径中有一段不是目录。"
            default: return "文件不存在" + missingHint(path) + "。"
            }
        }
        var target = stat()
        if link.st_mode & S_IFMT == S_IFLNK, stat(path, &target) != 0 {
            if errno == ELOOP { return "这是循环的符号链接（链接最终指回自己，或层数过多），无法读取。" }
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { "（「\($0)」）" } ?? ""
            return "这是符号链接，但它指向的文件不存在\(destination)。"
        }
        let mode = (link.st_mode & S_IFMT == S_IFLNK ? target : link).st_mode & S_IFMT
        switch mode {
        case S_IFDIR: return "这是一个目录，不是文件。"
        case S_IFREG: return "无法读取文件（权限不足？）。"
        default: return "不是普通文件（设备、管道或套接字），无法读取。"
        }
    }

    /// Where a path typed with a slip first leads nowhere, and the name there it was likely
    /// meant for: `exmaples/yanbian-2021/package.json` → （「exmaples」不存在，…有「examples」）.
    /// Empty when the folder holding the file exists and has nothing close to its name.
    public static func missingHint(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var folder = absolute ? "/" : "."
        for (index, name) in components.enumerated() {
            let next = folder == "/" ? "/" + name : (folder == "." && !absolute ? name : folder + "/" + name)
            if FileManager.default.fileExists(atPath: next) { folder = next; continue }
            guard name != "..", name != ".",
                  let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return "" }
            let shown = folder == "." ? "当前目录" : "「\(folder)」"
            if let near = EditDistance.closest(to: name, in: entries.filter { !$0.hasPrefix(".") }) {
                return index == components.count - 1
                    ? "（\(shown)中有「\(near)」，是否写错了文件名？）"
                    : "（\(shown)中没有「\(name)」，有「\(near)」，是否写错了路径？）"
            }
            return index == components.count - 1 ? "" : "（\(shown)中没有「\(name)」）"
        }
        return ""
    }

    /// True when `path` names something (a link that leads nowhere, a looping link, a folder on
    /// the way that cannot be searched) rather than nothing: `reason` then says what it is,
    /// where "不存在" would send the user looking for a file that is there.
    public static func isPresent(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 || errno != ENOENT
    }
}
