import Foundation

/// LibreOffice user profiles kept in the cache folder between runs, one per worker.
///
/// A LibreOffice started on an empty profile first builds it and then restarts itself (exit
/// code 81, done by its launcher); on a kept profile it goes straight to work. A profile is
/// used by one LibreOffice at a time (a second one sharing it would hand its documents to the
/// first), so each is leased under an exclusive lock, and a run that finds every slot taken
/// (another reportgen converting) falls back to a fresh profile in its scratch folder. A profile
/// counts as ready only after a conversion on it succeeded (the `ready` marker): one left half
/// built by an interrupted run, or one that failed a batch, is deleted and built again.
/// The profile does not change the PDFs' bytes: those depend on the documents a process
/// converted, not on what its profile holds (PDFConversionTests compare PDFs made on new,
/// kept and rebuilt profiles).
struct LibreOfficeProfiles: Sendable {
    /// `<cache>/libreoffice`; nil keeps every profile in the scratch folder (no cache folder).
    let folder: URL?
    let scratch: URL

    /// Slots tried before falling back to a scratch profile.
    static let slots = 8

    init(cache: URL?, scratch: URL) {
        folder = cache?.appendingPathComponent("libreoffice")
        self.scratch = scratch
    }

    /// A profile for `worker`, locked until `release`.
    func lease(worker: Int) -> Lease {
        if let folder, (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil {
            for offset in 0 ..< Self.slots {
                let slot = (worker + offset) % Self.slots
                let lockPath = folder.appendingPathComponent("profile-\(slot).lock").path
                let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
                guard fd >= 0 else { continue }
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); continue }
                let lease = Lease(profile: folder.appendingPathComponent("profile-\(slot)"), lock: fd)
                if !lease.isReady { lease.discard() }
                return lease
            }
        }
        let lease = Lease(profile: scratch.appendingPathComponent("profile-\(worker)"), lock: -1)
        lease.discard()
        return lease
    }

    /// One profile directory, held by one LibreOffice at a time.
    final class Lease: @unchecked Sendable {
        let profile: URL
        private let lock: Int32
        /// `-2`: profiles made before the locale was seeded (`seed`) are built again.
        private var marker: URL { profile.appendingPathComponent("reportgen-ready-2") }

        fileprivate init(profile: URL, lock: Int32) {
            self.profile = profile
            self.lock = lock
        }

        var isReady: Bool { FileManager.default.fileExists(atPath: marker.path) }

        /// After a conversion on this profile succeeded.
        func markReady() {
            guard lock >= 0, !isReady else { return }
            _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
        }

        /// After a failure that may be the profile's, or before a profile's first use: the next
        /// start builds it afresh, from the seed.
        func discard() {
            try? FileManager.default.removeItem(at: profile)
            seed()
        }

        /// The one setting a new profile starts with: the locale Chinese (zh-CN). LibreOffice
        /// gives a character of no script of its own (①) at the start of a paragraph the script
        /// of its locale's language, so under C or English it counted as Latin and the
        /// Latin–Asian spacing put a gap between ① and the Chinese after it (officer review 12:
        /// "① 多次召开"). Set here, not by `LC_ALL`: a locale the system lacks turns LibreOffice's
        /// file names to ASCII, and the documents' Chinese paths then fail to open.
        private func seed() {
            let user = profile.appendingPathComponent("user")
            guard (try? FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)) != nil else { return }
            let settings = """
                <?xml version="1.0" encoding="UTF-8"?>
                <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>zh-CN</value></prop></item>
                </oor:items>

                """
            _ = FileManager.default.createFile(atPath: user.appendingPathComponent("registrymodifications.xcu").path, contents: Data(settings.utf8))
        }

        func release() {
            if lock >= 0 { close(lock) }
        }
    }
}
