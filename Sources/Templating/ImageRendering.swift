import Foundation
import ErrorCodes
import OOXML

/// How a render treats image tags.
public struct ImageSettings: Sendable, Equatable {
    /// The folder a relative picture path is read from (the data file's folder); nil: the
    /// current directory.
    public var directory: String?
    /// Preview: the tag prints its value as text (`【公章】`) instead of reading a file.
    public var placeholders: Bool

    public init(directory: String? = nil, placeholders: Bool = false) {
        self.directory = directory
        self.placeholders = placeholders
    }

    /// The file a path names: absolute as given, else under `directory`.
    func file(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory, !directory.isEmpty else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

extension Renderer {
    /// `{{%path}}`: the tag's run is closed, the `w:drawing` written in a run of its own with the
    /// same properties, and the run reopened for what follows, so the text around the tag keeps
    /// its formatting and the picture its place in a body, a table cell, a header or a footer.
    mutating func runImage(_ index: Int) {
        let image = program.images[index]
        let expression = program.expressions[image.expression]
        guard let path = evaluate(image.expression, quiet: false) else { return }
        if images.placeholders || path.isEmpty {
            // Preview, or `--missing empty` without a value: the text stands in for the picture.
            if images.placeholders { out.appendEscapedText(path) }
            return
        }
        let dataPath = fullPath(of: expression.path)
        let place = expression.location
        func fail(_ code: ErrorCode, _ message: String) {
            errors.append(RenderError(code, "图片 \(expression.raw)：\(message)（数据路径 \(dataPath)，值 “\(path)”）",
                                      path: dataPath, location: place))
        }
        let read = images.file(path)
        // As messages name files (`ShownPath`).
        let file = ShownPath.shown(read)
        let bytes: [UInt8]
        do {
            bytes = try SystemFiles.readFile(read, limit: ImageFile.maximumBytes, followSymlinks: true)
        } catch {
            if error.errno == EFBIG {
                fail(.imageTooLarge, "图片文件 \(file) 超过 \(ImageFile.maximumBytesText) 的上限")
            } else {
                fail(.imageUnreadable, "无法读取图片文件 \(file)：\(error.message)" + (path.hasPrefix("/") ? "" : "（相对路径从数据文件所在目录算起）"))
            }
            return
        }
        let picture: ImageFile
        switch ImageFile.read(bytes) {
        case .success(let read): picture = read
        case .failure(.notAPicture(let what)):
            fail(.imageNotPicture, "\(file) 不是 PNG 或 JPEG 图片（\(what)）；请另存为 PNG 或 JPEG")
            return
        case .failure(.unreadableSize(let why)):
            fail(.imageSizeUnreadable, "读不出 \(file) 的尺寸：\(why)；请用图片软件重新另存")
            return
        case .failure(.tooLarge(let why)):
            fail(.imageTooLarge, "\(file)：\(why)")
            return
        }
        guard let attachments else {
            fail(.imageUnreadable, "图片只能在生成整个文档时插入")
            return
        }
        let relationship: String
        do {
            relationship = try attachments.addImage(bytes: bytes, format: picture.format)
        } catch {
            fail(.imageUnreadable, error.message)
            return
        }
        let (width, height) = picture.extent(image.size)
        let id = attachments.nextDrawingID()
        let name = String(file.split(separator: "/").last ?? Substring(file))
        emit(image.openRun)
        out.append(ImageDrawing.xml(relationshipID: relationship, docPrID: id, name: name, widthEMU: width, heightEMU: height))
        emit(image.closeRun)
    }
}

/// The `w:drawing` of an inline picture. Namespaces other than `w` are declared on the
/// elements themselves, so the run is valid whatever the part's root declares.
enum ImageDrawing {
    static func xml(relationshipID: String, docPrID: Int, name: String, widthEMU: Int, heightEMU: Int) -> String {
        var out = XMLOutput()
        out.append("<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" xmlns:wp=\"\(Namespace.wp)\">")
        out.append("<wp:extent cx=\"\(widthEMU)\" cy=\"\(heightEMU)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>")
        out.append("<wp:docPr id=\"\(docPrID)\" name=\"")
        out.appendEscapedAttribute("图片 \(docPrID)")
        out.append("\" descr=\"")
        out.appendEscapedAttribute(XMLText.sanitized(name).text)
        out.append("\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"\(Namespace.a)\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>")
        out.append("<a:graphic xmlns:a=\"\(Namespace.a)\"><a:graphicData uri=\"\(Namespace.pic)\">")
        out.append("<pic:pic xmlns:pic=\"\(Namespace.pic)\"><pic:nvPicPr><pic:cNvPr id=\"\(docPrID)\" name=\"")
        out.appendEscapedAttribute("图片 \(docPrID)")
        out.append("\"/><pic:cNvPicPr><a:picLocks noChangeAspect=\"1\" noChangeArrowheads=\"1\"/></pic:cNvPicPr></pic:nvPicPr>")
        out.append("<pic:blipFill><a:blip xmlns:r=\"\(Namespace.r)\" r:embed=\"")
        out.appendEscapedAttribute(relationshipID)
        out.append("\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>")
        out.append("<pic:spPr bwMode=\"auto\"><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(widthEMU)\" cy=\"\(heightEMU)\"/></a:xfrm>")
        out.append("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>")
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
