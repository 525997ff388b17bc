/// The punctuation a printed line may not start or end with (the Chinese rule of 避头尾, close
/// to Unicode line breaking's CL/CP/EX/IS/PO and OP classes): the one list used wherever the
/// program breaks text into lines — a form cell's lines (`Templating/CellLines.swift`) and the
/// --help screens (`reportgen/HelpColumns.swift`). The two had lists of their own that had
/// drifted apart (〔〕 in one, 〈〉 ％ … in the other).
public enum LineBreakPunctuation {
    /// Punctuation a line may not start with: it stays after the character before it.
    public static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        // Plain comparisons: cell measuring calls this for every character of every form cell.
        switch scalar.value {
        case 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,  // 、。，．：；！？
             0xFF09, 0x3011, 0x300D, 0x300F, 0x3015, 0x3017, 0x300B, 0x3009, // ）】」』〕〗》〉
             0x201D, 0x2019, 0xFF05, 0x2026, 0x00B7,                         // ”’％…·
             0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x25:           // , . ; : ! ? ) ] %
            return true
        default:
            return false
        }
    }

    /// Punctuation a line may not end with: it goes to the line of the character after it.
    public static func isOpening(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF08, 0x3010, 0x300C, 0x300E, 0x3014, 0x3016, 0x300A, 0x3008,  // （【「『〔〖《〈
             0x201C, 0x2018, 0x28, 0x5B:                             // “‘ ( [
            return true
        default:
            return false
        }
    }

    /// A Character of one scalar by the rules above (a combined character is neither).
    public static func isClosing(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && isClosing(character.unicodeScalars.first!)
    }

    public static func isOpening(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && isOpening(character.unicodeScalars.first!)
    }
}
