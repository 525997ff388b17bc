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

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
