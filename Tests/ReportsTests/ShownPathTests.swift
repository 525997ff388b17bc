import ErrorCodes
import Testing

/// `ShownPath`: how every message names a file — from the current directory when the file is
/// under it, else absolute; a package's files named from the package file's folder first.
struct ShownPathTests {
    @Test func aFileIsNamedFromTheCurrentDirectoryOrInFull() {
        let here = "/home/kuaiji/报告"
        // Under the current directory: relative, without `.` and `..`.
        #expect(ShownPath.shown("projects/a.json", in: "2021/包", current: here) == "2021/包/projects/a.json")
        #expect(ShownPath.shown("./projects/../projects/a.json", in: "./2021/包/", current: here) == "2021/包/projects/a.json")
        #expect(ShownPath.shown("/home/kuaiji/报告/2021/package.json", in: nil, current: here) == "2021/package.json")
        // Elsewhere: absolute.
        #expect(ShownPath.shown("projects/a.json", in: "../别处", current: here) == "/home/kuaiji/别处/projects/a.json")
        #expect(ShownPath.shown("projects/a.json", in: "/srv/包", current: here) == "/srv/包/projects/a.json")
        // A folder whose name merely starts like the current one is not under it.
        #expect(ShownPath.shown("/home/kuaiji/报告2/a.json", in: nil, current: here) == "/home/kuaiji/报告2/a.json")
        // No folder: from the current directory; inline text has no file.
        #expect(ShownPath.shown("a.json", in: nil, current: here) == "a.json")
        #expect(ShownPath.shown("a.json", in: "", current: here) == "a.json")
        #expect(ShownPath.shown("", in: "x", current: here) == "")
        #expect(ShownPath.shown("/etc/x.json", in: nil, current: "/") == "etc/x.json")
    }
}
