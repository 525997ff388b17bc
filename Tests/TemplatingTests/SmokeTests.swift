import Testing
import JSONValue
import OOXML
@testable import Templating

@Suite struct SmokeTests {
    @Test func scalarSplitAcrossRuns() throws {
        let body = para(run("项目：{", "<w:b/>") + "<w:proofErr w:type=\"spellStart\"/>" + run("{na", "<w:i/>") + "<w:bookmarkStart w:id=\"0\" w:name=\"x\"/>" + run("me}}。") + "<w:bookmarkEnd w:id=\"0\"/>")
        let out = try render(body, ["name": "重点救助"])
        #expect(lines(out) == ["项目：重点救助。"])
    }
}
