import Foundation
import OOXML

/// A picture file read for an image tag: its format is sniffed from the bytes (the file's
/// extension is not trusted), its pixel size and density read from the header.
struct ImageFile: Equatable {
    enum Format: Equatable {
        case png, jpeg

        var contentType: String { self == .png ? ContentType.png : ContentType.jpeg }
        /// The media part's extension.
        var fileExtension: String { self == .png ? "png" : "jpeg" }
        var name: String { self == .png ? "PNG" : "JPEG" }
    }

    /// The density a picture has when its file states none (Word's own assumption).
    static let defaultDPI = 96
    /// A file larger than this is refused (a seal or a signature is a few hundred KB).
    static let maximumBytes = 10 * 1024 * 1024
    static let maximumBytesText = "10 MB"
    /// Larger pictures are refused: Word cannot show them on a page anyway.
    static let maximumPixels = 20000

    var format: Format
    var pixelWidth: Int
    var pixelHeight: Int
    /// EMU per pixel as the file states its density: numerator / denominator.
    var emuPerPixel: (numerator: Int, denominator: Int)

    static func == (a: ImageFile, b: ImageFile) -> Bool {
        a.format == b.format && a.pixelWidth == b.pixelWidth && a.pixelHeight == b.pixelHeight
            && a.emuPerPixel.numerator == b.emuPerPixel.numerator && a.emuPerPixel.denominator == b.emuPerPixel.denominator
    }

    enum Problem: Error, Equatable {
        /// Neither PNG nor JPEG; what the first bytes look like.
        case notAPicture(String)
        /// The header that states the size is missing or cut short.
        case unreadableSize(String)
        case tooLarge(String)
    }

    /// Reads the format and size; the problem in Chinese otherwise.
    static func read(_ bytes: [UInt8]) -> Result<ImageFile, Problem> {
        if bytes.count > maximumBytes {
            return .failure(.tooLarge("文件有 \(bytes.count) 字节，超过 \(maximumBytesText) 的上限"))
        }
        let file: ImageFile
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard let png = readPNG(bytes) else { return .failure(.unreadableSize("PNG 文件头（IHDR）缺失或不完整")) }
            file = png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let jpeg = readJPEG(bytes) else { return .failure(.unreadableSize("JPEG 文件中没有可读的尺寸段（SOF）")) }
            file = jpeg
        } else {
            return .failure(.notAPicture(describe(bytes)))
        }
        guard file.pixelWidth > 0, file.pixelHeight > 0 else {
            return .failure(.unreadableSize("图片的像素尺寸为 \(file.pixelWidth)×\(file.pixelHeight)"))
        }
        guard file.pixelWidth <= maximumPixels, file.pixelHeight <= maximumPixels else {
            return .failure(.tooLarge("图片有 \(file.pixelWidth)×\(file.pixelHeight) 像素，超过每边 \(maximumPixels) 像素的上限"))
        }
        return .success(file)
    }

    /// What the file seems to be instead, for the message.
    private static func describe(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "文件是空的" }
        let known: [([UInt8], String)] = [
            (Array("GIF8".utf8), "GIF 图片"), (Array("BM".utf8), "BMP 图片"), (Array("%PDF".utf8), "PDF 文件"),
            ([0x50, 0x4B, 0x03, 0x04], "ZIP 压缩包（或 Office 文档）"), (Array("RIFF".utf8), "WebP 等 RIFF 文件"),
            ([0x49, 0x49, 0x2A, 0x00], "TIFF 图片"), ([0x4D, 0x4D, 0x00, 0x2A], "TIFF 图片"), (Array("<svg".utf8), "SVG 图形"),
            (Array("<?xml".utf8), "XML 文本（可能是 SVG）"),
        ]
        for (magic, name) in known where bytes.starts(with: magic) { return "它是\(name)" }
        return "文件开头的字节不是 PNG 或 JPEG 的标志"
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }

    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }

    /// IHDR for the size; pHYs (pixels per metre) for the density, when it comes before IDAT.
    private static func readPNG(_ b: [UInt8]) -> ImageFile? {
        guard b.count >= 33, Array(b[12..<16]) == Array("IHDR".utf8), be32(b, 8) >= 8 else { return nil }
        var file = ImageFile(format: .png, pixelWidth: be32(b, 16), pixelHeight: be32(b, 20),
                             emuPerPixel: (914400, defaultDPI))
        var i = 8
        while i + 8 <= b.count {
            let length = be32(b, i)
            let type = Array(b[(i + 4)..<(i + 8)])
            if type == Array("IDAT".utf8) || type == Array("IEND".utf8) { break }
            if type == Array("pHYs".utf8), length >= 9, i + 17 <= b.count {
                let perMetre = be32(b, i + 8)
                // Unit 1 is the metre; unit 0 only states the aspect ratio.
                if b[i + 16] == 1, perMetre > 0 { file.emuPerPixel = (36_000_000, perMetre) }
                break
            }
            guard length >= 0, length < b.count else { break }
            i += 12 + length
        }
        return file
    }

    /// The first SOF segment for the size; JFIF APP0 for the density.
    private static func readJPEG(_ b: [UInt8]) -> ImageFile? {
        var density: (Int, Int)? = nil
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }
            let length = be16(b, i + 2)
            guard length >= 2, i + 2 + length <= b.count else { return nil }
            let body = i + 4
            if marker == 0xE0, length >= 16, Array(b[body..<(body + 5)]) == Array("JFIF\0".utf8) {
                let unit = b[body + 7], x = be16(b, body + 8)
                if x > 0, unit == 1 { density = (914400, x) }
                if x > 0, unit == 2 { density = (360000, x) }
            }
            let sof: Set<UInt8> = [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF]
            if sof.contains(marker) {
                guard length >= 7 else { return nil }
                return ImageFile(format: .jpeg, pixelWidth: be16(b, body + 3), pixelHeight: be16(b, body + 1),
                                 emuPerPixel: density ?? (914400, defaultDPI))
            }
            i += 2 + length
        }
        return nil
    }

    /// Rounded half-up `value × numerator ÷ denominator` for positive integers.
    static func scaled(_ value: Int, _ numerator: Int, _ denominator: Int) -> Int {
        let product = value.multipliedReportingOverflow(by: numerator)
        guard !product.overflow, denominator > 0 else { return Int.max }
        return (product.partialValue * 2 + denominator) / (denominator * 2)
    }

    /// The printed size in EMU: `size` when the tag states one (a width alone keeps the
    /// picture's proportions), else the pixel size at the file's density (96 dpi when none).
    func extent(_ size: ImageSize) -> (width: Int, height: Int) {
        switch (size.width, size.height) {
        case let (width?, height?): return (width, height)
        case let (width?, nil): return (width, Self.scaled(width, pixelHeight, pixelWidth))
        case let (nil, height?): return (Self.scaled(height, pixelWidth, pixelHeight), height)
        case (nil, nil):
            return (Self.scaled(pixelWidth, emuPerPixel.numerator, emuPerPixel.denominator),
                    Self.scaled(pixelHeight, emuPerPixel.numerator, emuPerPixel.denominator))
        }
    }
}

/// The printed size an image tag asks for: `{{%公章 | size:4cm}}` (width; the height keeps the
/// picture's proportions), `size:4cm,3cm` (width and height), `height:3cm` (height only).
/// Units: cm, mm, in, pt (厘米、毫米 also read). Values in EMU (1 cm = 360000).
struct ImageSize: Sendable, Equatable, Hashable {
    var width: Int?
    var height: Int?

    /// Word's largest picture side: 22 inches.
    static let maximumEMU = 22 * 914400
    static let options: Set<String> = ["size", "width", "height"]
    static let syntax = "{{%路径 | size:4cm}}（宽 4 厘米，高按比例）、{{%路径 | size:4cm,3cm}}（宽、高）或 {{%路径 | height:3cm}}；单位 cm、mm、in、pt"

    /// The size the filters of an image tag state; the problem in Chinese otherwise.
    static func parse(_ filters: [FilterCall]) -> (size: ImageSize, problem: String?) {
        var size = ImageSize()
        for call in filters {
            guard options.contains(call.name) else {
                return (size, "图片标签只能带 size、width 或 height（写法：\(syntax)），“\(call.name)” 不适用于图片")
            }
            let expected = call.name == "size" ? 1...2 : 1...1
            guard expected.contains(call.arguments.count) else {
                return (size, "\(call.name) 需要 \(call.name == "size" ? "一个或两个" : "一个")长度（写法：\(syntax)）")
            }
            var lengths: [Int] = []
            for argument in call.arguments {
                guard let emu = length(argument) else {
                    return (size, "“\(argument)” 不是可用的长度（写法：\(syntax)）")
                }
                guard emu > 0, emu <= maximumEMU else {
                    return (size, "长度 “\(argument)” 超出范围（应大于 0、不超过 55.88cm）")
                }
                lengths.append(emu)
            }
            switch call.name {
            case "height": size.height = lengths[0]
            case "width": size.width = lengths[0]
            default:
                size.width = lengths[0]
                if lengths.count == 2 { size.height = lengths[1] }
            }
        }
        return (size, nil)
    }

    private static let units: [(String, Decimal)] = [
        ("cm", 360000), ("厘米", 360000), ("mm", 36000), ("毫米", 36000), ("in", 914400), ("pt", 12700), ("磅", 12700),
    ]

    /// `4cm` → 1440000 (EMU), rounded half-up; nil for other text.
    static func length(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (unit, emu) in units where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            var product = value * emu
            var rounded = Decimal()
            NSDecimalRound(&rounded, &product, 0, .plain)
            return NSDecimalNumber(decimal: rounded).intValue
        }
        return nil
    }
}
