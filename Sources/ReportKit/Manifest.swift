import Crypto
import Foundation

/// `manifest.json`: what a package run wrote, with SHA-256 of every file, so that a reader
/// (or `reportgen project`) can tell what changed. No timestamps: the same input gives the
/// same bytes.
public struct Manifest: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public struct Project: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        /// Empty for projects scored with `none`.
        public var total: String?
        public var grade: String?
        public var files: [String]
    }

    static let currentFormat = "reportgen-manifest/1"
    public var format = Manifest.currentFormat
    public var tool: String
    public var packageSHA256: String
    public var files: [File]
    public var projects: [Project]

    public init(tool: String, packageSHA256: String, files: [File], projects: [Project]) {
        self.tool = tool
        self.packageSHA256 = packageSHA256
        self.files = files.sorted { $0.path < $1.path }
        self.projects = projects
    }

    /// Files already in `init`'s order (a record of a manifest, a sorted list with a few merged
    /// in): sorting tens of thousands of non-ASCII paths again cost more than the rest of the update.
    init(tool: String, packageSHA256: String, sortedFiles: [File], projects: [Project]) {
        self.tool = tool
        self.packageSHA256 = packageSHA256
        files = sortedFiles
        self.projects = projects
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// A digest as the manifest writes it: lowercase hex.
    static func hex(_ digest: SHA256.Digest) -> String {
        withHex(digest) { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes `JSONEncoder` gives with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
    /// (a test holds the two equal), written straight into one buffer: for a package of tens of
    /// thousands of files the encoder's intermediate tree cost more memory than everything else.
    public func encoded() throws -> [UInt8] {
        // Sized from the text itself: a guess short by a little made the buffer double, and at
        // 30 000 files the doubling held 30 MB for an 11 MB manifest.
        var size = 512 + tool.utf8.count + packageSHA256.utf8.count
        for file in files { size += 90 + file.path.utf8.count + file.sha256.utf8.count }
        for project in projects {
            size += 160 + project.id.utf8.count + project.name.utf8.count + (project.total?.utf8.count ?? 0) + (project.grade?.utf8.count ?? 0)
            for name in project.files { size += 12 + name.utf8.count }
        }
        var whole: [UInt8] = []
        encode(piece: .max, reserving: size + size / 16) { piece in if whole.isEmpty { whole = piece } else { whole += piece } }
        return whole
    }

    /// `encoded()`'s bytes handed to `write` in pieces of about 64 KB as they are made, for
    /// writing straight to the file: the whole text (11 MB at 10 000 projects) is never in memory.
    public func encode(pieces write: ([UInt8]) -> Void) {
        encode(piece: 1 << 16, reserving: (1 << 16) + 8192, write)
    }

    /// The one encoder (`ManifestText`) over this manifest's entries.
    private func encode(piece: Int, reserving: Int, _ write: ([UInt8]) -> Void) {
        ManifestText.encode(self, piece: piece, reserving: reserving, write)
    }

    /// What `encoded()` stands for; kept to hold the two equal in tests.
    public func encodedByFoundation() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}

/// A manifest's contents read one entry at a time: the text (`ManifestText`) and the package
/// record (`PackageIndex`) are written from it, so a finished run's compact records stand for
/// the manifest without the whole of it held as Strings (issue 12: 32 000 paths and hex digests
/// were the peak of a 10 000-project package). Files in the manifest's order (sorted by path).
protocol ManifestEntries {
    var format: String { get }
    var tool: String { get }
    var packageSHA256: String { get }
    var fileCount: Int { get }
    /// File `index`'s path and lowercase-hex SHA-256 as UTF-8, and its size.
    func withFile<R>(_ index: Int, _ body: (_ path: UnsafeBufferPointer<UInt8>, _ sha256: UnsafeBufferPointer<UInt8>, _ bytes: Int) -> R) -> R
    var projectCount: Int { get }
    func project(_ index: Int) -> Manifest.Project
}

extension Manifest: ManifestEntries {
    var fileCount: Int { files.count }
    var projectCount: Int { projects.count }
    func project(_ index: Int) -> Project { projects[index] }

    func withFile<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        var path = files[index].path, sha = files[index].sha256
        return path.withUTF8 { path in sha.withUTF8 { sha in body(path, sha, files[index].bytes) } }
    }

    /// `digest` as the manifest writes it (lowercase hex), in a buffer lent to `body`.
    static func withHex<R>(_ digest: SHA256.Digest, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var i = 0
            for byte in digest {
                buffer[i] = digits.utf8Start[Int(byte >> 4)]
                buffer[i + 1] = digits.utf8Start[Int(byte & 0x0F)]
                i += 2
            }
            return body(UnsafeBufferPointer(buffer))
        }
    }
}

/// The text of `manifest.json`: the bytes `JSONEncoder` gives for a `Manifest` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (tests hold the two equal), made
/// from any `ManifestEntries` and passed on in pieces.
enum ManifestText {
    /// The buffer is passed on whenever it holds `piece` bytes (between entries).
    static func encode(_ entries: some ManifestEntries, piece: Int, reserving: Int, _ write: ([UInt8]) -> Void) {
        var w = ManifestWriter()
        w.out.reserveCapacity(reserving)
        func pass() {
            guard w.out.count >= piece else { return }
            write(w.out)
            w.out.removeAll(keepingCapacity: true)
        }
        let fileCount = entries.fileCount
        w.text("{\n")
        w.key("  ", "files")
        w.text(fileCount == 0 ? "[\n\n  ],\n" : "[\n")
        // The fixed text between two values as one piece: 40 000 entries of ten pieces each
        // were most of encoding the manifest of 10 000 projects.
        for i in 0..<fileCount {
            entries.withFile(i) { path, sha, bytes in
                w.text("    {\n      \"bytes\" : ")
                w.number(bytes)
                w.text(",\n      \"path\" : ")
                w.string(path)
                w.text(",\n      \"sha256\" : ")
                w.string(sha)
            }
            w.text(i == fileCount - 1 ? "\n    }\n  ],\n" : "\n    },\n")
            pass()
        }
        w.key("  ", "format"); w.string(entries.format); w.text(",\n")
        w.key("  ", "packageSHA256"); w.string(entries.packageSHA256); w.text(",\n")
        w.key("  ", "projects")
        let projectCount = entries.projectCount
        w.text(projectCount == 0 ? "[\n\n  ],\n" : "[\n")
        for i in 0..<projectCount {
            let project = entries.project(i)
            w.text(project.files.isEmpty ? "    {\n      \"files\" : [\n\n      ],\n" : "    {\n      \"files\" : [\n        ")
            for (j, name) in project.files.enumerated() {
                w.string(name)
                w.text(j == project.files.count - 1 ? "\n      ],\n" : ",\n        ")
            }
            if let grade = project.grade {
                w.text("      \"grade\" : ")
                w.string(grade)
                w.text(",\n")
            }
            w.text("      \"id\" : ")
            w.string(project.id)
            w.text(",\n      \"name\" : ")
            w.string(project.name)
            if let total = project.total {
                w.text(",\n      \"total\" : ")
                w.string(total)
            }
            w.text(i == projectCount - 1 ? "\n    }\n  ],\n" : "\n    },\n")
            pass()
        }
        w.key("  ", "tool"); w.string(entries.tool); w.text("\n")
        w.text("}\n")
        write(w.out)
    }

    /// Pieces of about 64 KB, for writing straight to a file.
    static func encode(pieces entries: some ManifestEntries, _ write: ([UInt8]) -> Void) {
        encode(entries, piece: 1 << 16, reserving: (1 << 16) + 8192, write)
    }
}

extension Manifest {
    /// Reads a manifest: the layout `encoded()` writes is read line by line (a package of tens
    /// of thousands of files made Foundation's decoder the largest cost of `project --id`);
    /// anything else — a manifest edited by hand, another layout — goes through `JSONDecoder`,
    /// so the result is the same either way (a test holds the two equal).
    public static func decode(_ bytes: [UInt8]) throws -> Manifest {
        var lines = ManifestLines(bytes)
        if let manifest = lines.read() { return manifest }
        return try JSONDecoder().decode(Manifest.self, from: Data(bytes))
    }
}

/// The reader of `Manifest.decode`'s fast path: nil as soon as a line is not what `encoded()` writes.
private struct ManifestLines {
    private var lines: LineCursor

    init(_ bytes: [UInt8]) {
        // Not UTF-8: no lines, so the decoder's own error is what the caller sees.
        lines = LineCursor(String(validating: bytes, as: UTF8.self) ?? "")
    }

    // Lines are compared as bytes: String equality normalises Unicode, which cost more than
    // the reading itself on tens of thousands of lines.
    private mutating func expect(_ line: String) -> Bool {
        lines.popFirst().map { $0.utf8.elementsEqual(line.utf8) } ?? false
    }

    /// `<indent>"key" : <value>` with `,` when `comma`: the value's text.
    private mutating func member(_ indent: String, _ key: String, comma: Bool) -> Substring? {
        guard let line = lines.popFirst() else { return nil }
        let prefix = indent + "\"" + key + "\" : "
        var bytes = line.utf8[...]
        guard bytes.starts(with: prefix.utf8) else { return nil }
        bytes = bytes.dropFirst(prefix.utf8.count)
        if comma {
            guard bytes.last == 0x2C else { return nil }
            bytes = bytes.dropLast()
        }
        return Substring(bytes)
    }

    /// A JSON string literal as `encoded()` escapes it.
    private static func string(_ literal: Substring) -> String? {
        let utf8 = literal.utf8
        guard utf8.count >= 2, utf8.first == 0x22, utf8.last == 0x22 else { return nil }
        let body = Substring(utf8.dropFirst().dropLast())
        guard body.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 }) else { return String(body) }
        var out = ""
        var iterator = body.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\"" { return nil }
            guard scalar == "\\" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch iterator.next() {
            case "\"": out += "\""
            case "\\": out += "\\"
            case "/": out += "/"
            case "b": out += "\u{8}"
            case "f": out += "\u{c}"
            case "n": out += "\n"
            case "r": out += "\r"
            case "t": out += "\t"
            case "u":
                var hex = ""
                for _ in 0..<4 { guard let digit = iterator.next() else { return nil }; hex.unicodeScalars.append(digit) }
                guard let value = UInt32(hex, radix: 16), value < 0x20, let control = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(control)
            default: return nil
            }
        }
        return out
    }

    private mutating func stringMember(_ indent: String, _ key: String, comma: Bool) -> String? {
        member(indent, key, comma: comma).flatMap(Self.string)
    }

    /// `[` … `]` of objects read by `element`, closed by `closing`.
    private mutating func list<T>(empty: String, closing: String, last: String, _ element: (inout ManifestLines) -> T?) -> [T]? {
        guard let first = lines.first else { return nil }
        if first.utf8.elementsEqual(empty.utf8) {
            lines.removeFirst()
            return expect(closing) ? [] : nil
        }
        var out: [T] = []
        while true {
            guard expect("    {"), let value = element(&self) else { return nil }
            out.append(value)
            guard let end = lines.popFirst()?.utf8 else { return nil }
            if end.elementsEqual("    },".utf8) { continue }
            guard end.elementsEqual("    }".utf8), expect(last) else { return nil }
            return out
        }
    }

    mutating func read() -> Manifest? {
        guard expect("{"), let opening = lines.popFirst() else { return nil }
        var files: [Manifest.File] = []
        if opening.utf8.elementsEqual("  \"files\" : [".utf8) {
            guard let read = list(empty: "", closing: "  ],", last: "  ],", { reader -> Manifest.File? in
                guard let bytes = reader.member("      ", "bytes", comma: true).flatMap({ Int($0) }),
                      let path = reader.stringMember("      ", "path", comma: true),
                      let sha = reader.stringMember("      ", "sha256", comma: false) else { return nil }
                return Manifest.File(path: path, sha256: sha, bytes: bytes)
            }) else { return nil }
            files = read
        } else {
            return nil
        }
        guard let format = stringMember("  ", "format", comma: true),
              let packageSHA256 = stringMember("  ", "packageSHA256", comma: true),
              expect("  \"projects\" : [") else { return nil }
        guard let projects = list(empty: "", closing: "  ],", last: "  ],", { reader -> Manifest.Project? in
            guard reader.expect("      \"files\" : [") else { return nil }
            var names: [String] = []
            if reader.lines.first?.isEmpty == true {
                reader.lines.removeFirst()
                guard reader.expect("      ],") else { return nil }
            } else {
                while let line = reader.lines.popFirst() {
                    guard line.utf8.starts(with: "        ".utf8) else { return nil }
                    let item = Substring(line.utf8.dropFirst(8))
                    if item.utf8.last == 0x2C {
                        guard let name = Self.string(Substring(item.utf8.dropLast())) else { return nil }
                        names.append(name)
                        continue
                    }
                    guard let name = Self.string(item), reader.expect("      ],") else { return nil }
                    names.append(name)
                    break
                }
            }
            var grade: String?
            if reader.lines.first?.utf8.starts(with: "      \"grade\" : ".utf8) == true {
                guard let value = reader.stringMember("      ", "grade", comma: true) else { return nil }
                grade = value
            }
            guard let id = reader.stringMember("      ", "id", comma: true), let nameLine = reader.member("      ", "name", comma: false) else { return nil }
            var total: String?
            let name: String
            if nameLine.utf8.last == 0x2C {
                guard let value = Self.string(Substring(nameLine.utf8.dropLast())), let t = reader.stringMember("      ", "total", comma: false) else { return nil }
                name = value
                total = t
            } else {
                guard let value = Self.string(nameLine) else { return nil }
                name = value
            }
            return Manifest.Project(id: id, name: name, total: total, grade: grade, files: names)
        }) else { return nil }
        guard let tool = stringMember("  ", "tool", comma: false), expect("}"), expect(""), lines.isEmpty else { return nil }
        var manifest = Manifest(tool: tool, packageSHA256: packageSHA256, files: files, projects: projects)
        manifest.format = format
        // Sorted as written; a reordered list is not our layout.
        guard manifest.files == files else { return nil }
        return manifest
    }
}

/// The lines of a text, one at a time, split on the byte 0x0A (on Characters it cost as much as the
/// rest of the reading) and never all held at once (an array of the lines of a large manifest
/// took more memory than the manifest).
private struct LineCursor {
    private let text: Substring
    private var position: Substring.UTF8View.Index
    private var ended: Bool

    init(_ text: String) {
        self.text = Substring(text)
        position = self.text.utf8.startIndex
        ended = text.isEmpty
    }

    var isEmpty: Bool { ended }

    var first: Substring? {
        guard !ended else { return nil }
        let utf8 = text.utf8
        let end = utf8[position...].firstIndex(of: 0x0A) ?? utf8.endIndex
        return Substring(utf8[position..<end])
    }

    mutating func popFirst() -> Substring? {
        guard !ended else { return nil }
        let utf8 = text.utf8
        if let end = utf8[position...].firstIndex(of: 0x0A) {
            defer { position = utf8.index(after: end) }
            return Substring(utf8[position..<end])
        }
        ended = true
        return Substring(utf8[position...])
    }

    mutating func removeFirst() { _ = popFirst() }
}

/// `Manifest.encoded()`'s output buffer. A struct with mutating methods rather than functions
/// nested in `encoded()`: a captured buffer is checked for exclusive access on every append.
struct ManifestWriter {
    var out: [UInt8] = []

    // Fixed text as static bytes, strings through their contiguous UTF-8 (`withUTF8`), numbers
    // as digits: the generic `contains(where:)` and `append(contentsOf: s.utf8)` were most
    // of encoding 30 000 files.
    mutating func text(_ s: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
    mutating func number(_ value: Int) {
        guard value > 0 else {
            if value == 0 { out.append(0x30) } else { out.append(contentsOf: String(value).utf8) }
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var rest = value, count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[19 - count] = UInt8(0x30 + rest % 10)
                rest /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string($0) }
    }
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        out.append(0x22)
        var plain = true
        for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        // Most strings need no escape: copied whole (byte by byte was most of the encoding).
        if plain {
            out.append(contentsOf: utf8)
            out.append(0x22)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x22: text("\\\"")
            case 0x5C: text("\\\\")
            case 0x08: text("\\b")
            case 0x0C: text("\\f")
            case 0x0A: text("\\n")
            case 0x0D: text("\\r")
            case 0x09: text("\\t")
            case 0..<0x20: out.append(contentsOf: ("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)).utf8)
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
    mutating func key(_ indent: StaticString, _ name: StaticString) {
        text(indent)
        out.append(0x22)
        text(name)
        out.append(0x22)
        text(" : ")
    }
}
