/// The sections open at a tag while a template's fields are read in document order, by the
/// contract check and by the preview's data builder. Emptied when the fields move on to
/// another part: a section never spans parts, and a stray close tag of a broken template
/// must not leak into the next one.
struct SectionStack<Scope> {
    var scopes: [Scope] = []
    private var part: String?

    /// Call with each field before reading it.
    mutating func enter(_ field: TemplateField) {
        if field.location.part != part {
            part = field.location.part
            scopes = []
        }
    }
}
