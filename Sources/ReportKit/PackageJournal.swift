import Foundation
import OOXML

/// An update of a package in place (`project --id`), so that a run changing one project touches
/// that project's files, the summary and the manifest instead of relinking every file of the
/// package into a new folder (issue 12).
///
/// The new files are first written and synced into the staging folder's `package/` as for a
/// whole package. Then a journal (`journal` in the staging folder) lists what the update does:
/// files to remove from the package (each with the SHA-256 it must still have, so a file the
/// user put there since is never deleted) and staged files to rename into it, the manifest last.
/// The journal is written, synced, and its last line `end` is the commit point: before it the
/// package is untouched (the next run removes the staging folder, as for a killed whole run);
/// after it the next run — or this one — applies the journal, which is idempotent (a staged file
/// already renamed is not there any more, a file already removed is missing). Between a kill
/// after the commit point and the next run, the folder may hold some new files beside the old
/// manifest; the next run of any package command on it finishes the update before doing
/// anything else.
enum PackageJournal {
    static let name = "journal"
    static let format = "reportgen-journal/1"

    struct Removal: Equatable {
        var path: String
        /// The content it must have to be removed; nil: remove whatever it holds (a file the
        /// user asked to regenerate with --force that no project produces any more).
        var sha256: String?
    }

    /// The journal's text; paths never hold a line break (`StagedOutput.isSafeRelativePath`
    /// callers check that).
    static func text(removals: [Removal], installs: [String]) -> String {
        var out = format + "\n"
        for removal in removals { out += "remove \(removal.sha256 ?? "-") \(removal.path)\n" }
        for path in installs { out += "install \(path)\n" }
        return out + "end\n"
    }

    /// The steps of a committed journal; nil when it is incomplete (the run was killed before
    /// the commit point) or not one.
    static func read(_ path: String) -> (removals: [Removal], installs: [String])? {
        guard let bytes = try? SystemFiles.readFile(path, limit: 64 << 20), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(format), lines.count >= 3, lines.removeLast().isEmpty, lines.last == "end" else { return nil }
        var removals: [Removal] = []
        var installs: [String] = []
        for line in lines.dropFirst().dropLast() {
            if line.hasPrefix("remove ") {
                let fields = line.dropFirst(7).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard fields.count == 2, StagedOutput.isSafeRelativePath(String(fields[1])) else { return nil }
                removals.append(Removal(path: String(fields[1]), sha256: fields[0] == "-" ? nil : String(fields[0])))
            } else if line.hasPrefix("install ") {
                let path = String(line.dropFirst(8))
                guard StagedOutput.isSafeRelativePath(path) else { return nil }
                installs.append(path)
            } else {
                return nil
            }
        }
        return (removals, installs)
    }

    /// Writes the journal and makes it durable: the commit point.
    static func commit(container: String, removals: [Removal], installs: [String]) throws(SystemFileError) {
        try SystemFiles.writeNewFile(container + "/" + name, Array(text(removals: removals, installs: installs).utf8))
        try SystemFiles.syncDirectory(container)
    }

    /// Carries out a committed journal on `destination` from `staging`; safe to repeat.
    /// `step` is called after each rename (a test hook).
    /// `changed` is called after each removal or rename done: until the first, the destination
    /// is as it was.
    static func apply(removals: [Removal], installs: [String], staging: String, destination: String,
                      changed: () -> Void = {}, step: (Int) -> Void = { _ in }) throws(SystemFileError) {
        var directories: Set<String> = [destination]
        for removal in removals {
            let path = destination + "/" + removal.path
            guard SystemFiles.kind(path) == .file else { continue }
            if let sha256 = removal.sha256 {
                guard let bytes = try? SystemFiles.readFile(path), Manifest.sha256(bytes) == sha256 else { continue }
            }
            try SystemFiles.removeTree(path)
            changed()
            directories.insert((path as NSString).deletingLastPathComponent)
        }
        for (index, relative) in installs.enumerated() {
            let source = staging + "/" + relative
            guard SystemFiles.kind(source) == .file else { continue }  // already renamed
            let target = destination + "/" + relative
            let directory = (target as NSString).deletingLastPathComponent
            try SystemFiles.makeDirectories(directory)
            try SystemFiles.rename(source, to: target)
            changed()
            directories.insert(directory)
            step(index)
        }
        for directory in directories.sorted(by: >) { try SystemFiles.syncDirectory(directory) }
    }

    /// Finishes the update a killed run committed (called under the lock, before the staging
    /// folder is removed). False when there is nothing to finish.
    static func recover(container: String, destination: String) throws(SystemFileError) -> Bool {
        guard SystemFiles.kind(destination) == .directory, let (removals, installs) = read(container + "/" + name) else { return false }
        try apply(removals: removals, installs: installs, staging: container + "/package", destination: destination)
        return true
    }
}
