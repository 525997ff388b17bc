import ErrorCodes
import Foundation
import OOXML

/// An error of composing and writing a package (E-OUT, or the E-IO code of a failed system call).
public struct ReportKitError: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    public var path: String?

    public init(_ code: ErrorCode, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// One line for a failed system call: its E-IO code, the file, the errno meaning and what to
    /// do. Every such error is about the output folder or what reportgen keeps beside it (the
    /// lock file, the staging folder): "创建锁文件失败：没有权限" named a file the person never
    /// asked for and left them to guess which folder needed what.
    public init(_ error: SystemFileError) {
        if let destination = Self.lockedFolder(error.path) {
            self.init(error.code, Self.lockMessage(error), path: destination)
            return
        }
        self.init(error.code, error.message + Self.nextStep(error), path: error.path)
    }

    /// The output folder whose lock file `path` is (`…/.out.reportgen-lock` → `…/out`), or nil.
    /// The lock file is reportgen's own: the person asked for the folder, so the message names
    /// the folder (review 7: "E-IO-003 .out.reportgen-lock：创建锁文件失败" named neither).
    static func lockedFolder(_ path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        let suffix = ".reportgen-lock"
        guard name.hasPrefix("."), name.hasSuffix(suffix), name.count > suffix.count + 1 else { return nil }
        let folder = String(name.dropFirst().dropLast(suffix.count))
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(folder)
    }

    /// The lock of an output folder could not be taken. A lock file there that this user may not
    /// open is another user's run's (running, or killed before it could remove it): the folder
    /// itself may well be writable, and "请改好权限" sent the person to the wrong place.
    static func lockMessage(_ error: SystemFileError) -> String {
        let lock = ShownPath.shown(error.path)
        let name = (error.path as NSString).lastPathComponent
        let head = (error.operation == "加锁" ? "不能锁定它旁边的锁文件 " : "不能在它旁边建立锁文件 ") + name
            + "（reportgen 用它保证同一输出目录同时只有一个 reportgen 在写）：\(error.meaning)"
        let parent = (error.path as NSString).deletingLastPathComponent
        if error.errno == EACCES || error.errno == EPERM, FileManager.default.fileExists(atPath: error.path),
           FileManager.default.isWritableFile(atPath: parent) {
            let owner = (try? FileManager.default.attributesOfItem(atPath: error.path))?[.ownerAccountName] as? String
            return head + "。锁文件 \(lock) 属于\(owner.map { "用户 \($0)" } ?? "另一个用户")：或是该用户的 reportgen 正在写这个输出目录，"
                + "或是它被强行结束的运行留下的。请等那次运行结束；若它已不在运行，请由该用户或管理员删除 \(lock) 后重试，"
                + "或用 -o 换一个输出目录"
        }
        return head + Self.nextStep(error)
    }

    static func nextStep(_ error: SystemFileError) -> String {
        guard error.limit == nil else { return "" }
        let parent = ShownPath.shown((error.path as NSString).deletingLastPathComponent)
        let folder = parent == "." || parent.isEmpty ? "当前目录" : parent + " "
        switch error.errno {
        case EACCES where Self.isUpdatedInPlace(error), EPERM where Self.isUpdatedInPlace(error):
            return "。project --id 把重新生成的文件逐个放进输出目录（\(parent)），所以输出目录本身要可写（ls -ld 查看）；请改好权限后重试"
        case EACCES, EPERM:
            return "。reportgen 在输出目录旁（\(folder)中）建立锁文件与临时目录，写好后与输出目录整体互换，"
                + "所以这个目录与输出目录本身都要可写（ls -ld 查看）；请改好权限，或用 -o 换一个可写的目录"
        case EROFS:
            return "。这里是只读的位置（只读挂载、光盘等）；请用 -o 换一个可写的目录"
        case ENOSPC, EDQUOT:
            return "。请腾出磁盘空间，或用 -o 换到空间充足的磁盘，再运行"
        default:
            return ""
        }
    }

    /// A file `project --id` renamed into the output folder itself (not reportgen's lock file or
    /// staging folder beside it): the folder that refused is the output folder, and "在输出目录旁
    /// （out 中）建立锁文件与临时目录" named it as the one beside it (newcomer review 9).
    static func isUpdatedInPlace(_ error: SystemFileError) -> Bool {
        let parent = (error.path as NSString).deletingLastPathComponent
        return error.operation == "重命名"
            && !(error.path as NSString).lastPathComponent.contains(".reportgen-")
            && !(parent as NSString).lastPathComponent.contains(".reportgen-")
    }

    /// An absolute path (the output folder and the files in and beside it are made absolute
    /// when the command starts) is named as every other message names files (`ShownPath`):
    /// relative to the current directory when under it. Other paths are the user's own words
    /// (the package file as typed) or a document's label, shown as they are.
    public var place: ErrorPlace { ErrorPlace(words: path.map { $0.hasPrefix("/") ? ShownPath.shown($0) : $0 }) }
}

/// A failure of package generation: every problem found, each a typed error with its code;
/// the console prints them.
public struct ReportKitFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [any CodedError]
    public init(_ errors: [any CodedError]) { self.errors = errors }
    public init(_ error: any CodedError) { self.errors = [error] }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// An error in one output document of a package, named by the document's path.
public struct DocumentError: CodedError {
    public var document: String
    public var error: any CodedError

    public init(document: String, error: any CodedError) {
        self.document = document
        self.error = error
    }

    public var code: ErrorCode { error.code }
    public var message: String { error.message }
    public var place: ErrorPlace {
        var place = error.place
        place.position = document
        return place
    }
}
