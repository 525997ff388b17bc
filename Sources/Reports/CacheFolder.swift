import Foundation

/// Where reportgen keeps its private records between runs (the project record of
/// `ProjectIndex`, the package record of ReportKit's `PackageIndex`): one folder, resolved here only.
/// The command line uses the user's cache folder; library callers pass a folder (or none, and
/// nothing is recorded), so in-process tests never write into the user's home.
public enum CacheFolder {
    /// `$XDG_CACHE_HOME/reportgen`, else `~/.cache/reportgen`; nil when neither is an absolute path.
    public static func user(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return URL(fileURLWithPath: cache + "/reportgen") }
        if let home = environment["HOME"], home.hasPrefix("/") { return URL(fileURLWithPath: home + "/.cache/reportgen") }
        return nil
    }
}
