import Foundation
import JSONValue
import OOXML

/// One document per data item, written into a folder, rendered on every core: the template
/// is compiled once and shared; each worker thread has its own renderer.
public enum MailMerge {
    public struct ItemFailure: Sendable, CustomStringConvertible {
        public var index: Int
        public var fileName: String?
        public var errors: [RenderError]
        public var description: String {
            "第 \(index + 1) 项" + (fileName.map { "（\($0)）" } ?? "") + "：\n"
                + errors.prefix(20).map { "    " + $0.description }.joined(separator: "\n")
                + (errors.count > 20 ? "\n    ……另有 \(errors.count - 20) 处" : "")
        }
    }

    public struct Report: Sendable {
        public var written: [String]
        public var failures: [ItemFailure]
        public var warnings: [RenderWarning]
    }

    /// File names for every item, checked before anything is written (missing, unsafe or
    /// duplicate names are failures). `unportable`: why a name cannot be a file wherever the
    /// documents go (Windows), or nil. `key`: what two names share when a file system takes
    /// them for one file (`ABC` and `abc` on Windows and macOS); both from the caller, which
    /// keeps the one rule of file names (ReportKit's `FileNaming`).
    public static func fileNames(_ items: [JSONValue], pattern: NameTemplate,
                                 unportable: (String) -> String? = { _ in nil },
                                 key: (String) -> String = { $0 }) -> (names: [String?], failures: [ItemFailure]) {
        var names: [String?] = []
        var failures: [ItemFailure] = []
        var seen: [String: (index: Int, name: String)] = [:]
        for (i, item) in items.enumerated() {
            do {
                let name = try pattern.render(item)
                if let problem = unportable(name) {
                    failures.append(ItemFailure(index: i, fileName: name, errors: [RenderError(.output, "生成的文件名 “\(name)” \(problem)")]))
                    names.append(nil)
                } else if let first = seen[key(name)] {
                    let same = first.name == name ? "" : "（Windows、macOS 不区分大小写，“\(first.name)”与它是同一个文件）"
                    failures.append(ItemFailure(index: i, fileName: name, errors: [RenderError(.output, "文件名 “\(name)” 与第 \(first.index + 1) 项重复\(same)")]))
                    names.append(nil)
                } else {
                    seen[key(name)] = (i, name)
                    names.append(name)
                }
            } catch {
                failures.append(ItemFailure(index: i, fileName: nil, errors: [error]))
                names.append(nil)
            }
        }
        return (names, failures)
    }

    /// One worker per core (more threads only contend for the output folder's lock).
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static func run(template: Template, items: [JSONValue], names: [String?], directory: String,
                           workers: Int = MailMerge.defaultWorkers, images: ImageSettings = ImageSettings()) -> Report {
        let workerCount = max(1, min(workers, items.count))
        let collector = Collector()
        let shared = SharedInput(items: items, names: names)
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var written: [String] = []
            var failures: [ItemFailure] = []
            var warnings: [RenderWarning] = []
            let renderer: DocumentRenderer
            do throws(RenderErrors) {
                renderer = try template.makeRenderer()
                renderer.images = images
            } catch {
                collector.add([], [ItemFailure(index: worker, fileName: nil, errors: error.errors)], [])
                return
            }
            var i = worker
            while i < shared.items.count {
                if let name = shared.names[i] {
                    do throws(RenderErrors) {
                        let document = try renderer.render(shared.items[i])
                        let path = directory + "/" + name
                        guard FileManager.default.createFile(atPath: path, contents: Data(document.bytes)) else {
                            throw RenderErrors([RenderError(.output, "无法写入 \(path)")])
                        }
                        warnings += document.warnings
                        written.append(name)
                    } catch {
                        failures.append(ItemFailure(index: i, fileName: name, errors: error.errors))
                    }
                }
                i += workerCount
            }
            collector.add(written, failures, warnings)
        }
        return collector.report()
    }

    private final class SharedInput: @unchecked Sendable {
        let items: [JSONValue]
        let names: [String?]
        init(items: [JSONValue], names: [String?]) {
            self.items = items
            self.names = names
        }
    }

    private final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var written: [String] = []
        private var failures: [ItemFailure] = []
        private var warnings: [RenderWarning] = []

        func add(_ w: [String], _ f: [ItemFailure], _ warn: [RenderWarning]) {
            lock.lock()
            written += w
            failures += f
            warnings += warn
            lock.unlock()
        }

        func report() -> Report {
            lock.lock()
            defer { lock.unlock() }
            return Report(written: written.sorted(), failures: failures.sorted { $0.index < $1.index }, warnings: warnings)
        }
    }
}
