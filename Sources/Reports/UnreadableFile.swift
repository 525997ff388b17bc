import Foundation

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
            return errno == EACCES ? "没有权限访问它所在的目录。" : "文件不存在。"
        }
        var target = stat()
        if link.st_mode & S_IFMT == S_IFLNK, stat(path, &target) != 0 {
            return errno == ELOOP ? "这是符号链接，但链接形成了循环（或层数过多），无法读取。" : "这是符号链接，但它指向的文件不存在。"
        }
        let mode = (link.st_mode & S_IFMT == S_IFLNK ? target : link).st_mode & S_IFMT
        switch mode {
        case S_IFDIR: return "这是一个目录，不是文件。"
        case S_IFREG: return "无法读取文件（权限不足？）。"
        default: return "不是普通文件（设备、管道或套接字），无法读取。"
        }
    }
}
