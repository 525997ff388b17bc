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

    public var format = "reportgen-manifest/1"
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

    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes `JSONEncoder` gives with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
    /// (a test holds the two equal), written straight into one buffer: for a package of tens of
    /// thousands of files the encoder's intermediate tree cost more memory than everything else.
    public func encoded() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(files.count * 200 + projects.count * 300 + 256)
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        func string(_ s: String) {
            out.append(0x22)
            for byte in s.utf8 {
                switch byte {
                case 0x22: text("\\\"")
                case 0x5C: text("\\\\")
                case 0x08: text("\\b")
                case 0x0C: text("\\f")
                case 0x0A: text("\\n")
                case 0x0D: text("\\r")
                case 0x09: text("\\t")
                case 0..<0x20: text("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
        func key(_ indent: String, _ name: String) {
            text(indent)
            string(name)
            text(" : ")
        }
        text("{\n")
        key("  ", "files")
        text(files.isEmpty ? "[\n\n  ],\n" : "[\n")
        for (i, file) in files.enumerated() {
            text("    {\n")
            key("      ", "bytes"); text(String(file.bytes)); text(",\n")
            key("      ", "path"); string(file.path); text(",\n")
            key("      ", "sha256"); string(file.sha256); text("\n")
            text(i == files.count - 1 ? "    }\n  ],\n" : "    },\n")
        }
        key("  ", "format"); string(format); text(",\n")
        key("  ", "packageSHA256"); string(packageSHA256); text(",\n")
        key("  ", "projects")
        text(projects.isEmpty ? "[\n\n  ],\n" : "[\n")
        for (i, project) in projects.enumerated() {
            text("    {\n")
            key("      ", "files")
            text(project.files.isEmpty ? "[\n\n      ],\n" : "[\n")
            for (j, name) in project.files.enumerated() {
                text("        ")
                string(name)
                text(j == project.files.count - 1 ? "\n      ],\n" : ",\n")
            }
            if let grade = project.grade { key("      ", "grade"); string(grade); text(",\n") }
            key("      ", "id"); string(project.id); text(",\n")
            key("      ", "name"); string(project.name)
            if let total = project.total { text(",\n"); key("      ", "total"); string(total) }
            text("\n")
            text(i == projects.count - 1 ? "    }\n  ],\n" : "    },\n")
        }
        key("  ", "tool"); string(tool); text("\n")
        text("}\n")
        return out
    }

    /// What `encoded()` stands for; kept to hold the two equal in tests.
    public func encodedByFoundation() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
