import ArgumentParser

/// Commands planned in DEFINITION.md that are not built yet exit with this error.
struct NotYetAvailable: Error, CustomStringConvertible {
    let command: String
    var description: String { "E-CLI-001 命令「\(command)」尚未提供，将在后续版本中实现。" }
}
