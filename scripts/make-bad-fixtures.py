#!/usr/bin/env python3
"""Regenerates Tests/ReportsTests/Fixtures/invalid: one bad definition per file, each derived
from a small valid project, plus expectations.json (file -> expected codes and paths).
The fixtures are committed; run this only to change the corpus."""
import copy, json, os, shutil

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "Tests", "ReportsTests", "Fixtures", "invalid")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

BASE = {
    "id": "base-project", "name": "基础项目", "year": 2021, "unit": "某县医疗保障局", "scoring": "mof-2020",
    "period": {"from": "2021-01-01", "to": "2021-12-31"},
    "funds": [{"source": "财政资金", "level": "县区级", "annualBudget": 10, "received": 10, "executed": 9.5}],
    "budgetExecution": {"weight": 10},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "参保人数", "weight": 50, "target": "≥100人", "actual": "100人"},
        {"level1": "效益指标", "level2": "社会效益", "name": "覆盖情况", "weight": 30, "target": "全员覆盖", "actual": "已覆盖", "score": 30},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "weight": 10, "target": "≥95%", "actual": "96%"},
    ],
    "body": [{"heading": "项目概况", "text": "概况。"}],
    "evaluators": [{"name": "张三", "title": "科长"}],
    "filledOn": "2022-06-27",
}
expect = {}

def case(name, mutate, *expected):
    doc = copy.deepcopy(BASE)
    r = mutate(doc)
    if isinstance(r, (list, dict)): doc = r
    with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
    expect[name + ".json"] = [{"code": c, "path": p} for c, p in expected]

def raw(name, data, *expected):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    expect[name] = [{"code": c, "path": p} for c, p in expected]

def setp(path, value):
    def m(d):
        target = d
        for k in path[:-1]: target = target[k]
        target[path[-1]] = value
    return m

def delp(path):
    def m(d):
        target = d
        for k in path[:-1]: target = target[k]
        del target[path[-1]]
    return m

def ind(i, key, value): return setp(["indicators", i, key], value)

case("wrong-type-weight", ind(0, "weight", True), ("E-DEF-010", "indicators[0].weight"))
case("wrong-type-name", setp(["name"], 123), ("E-DEF-010", "name"))
case("wrong-type-indicators", setp(["indicators"], {"a": 1}), ("E-DEF-010", "indicators"))
case("wrong-type-fund-item", setp(["funds"], ["财政资金"]), ("E-DEF-010", "funds[0]"))
case("wrong-type-year-string", setp(["year"], "2021"), ("E-DEF-010", "year"))
case("wrong-type-null", setp(["unit"], None), ("E-DEF-010", "unit"))
case("wrong-type-root-array", lambda d: [d], ("E-DEF-010", ""))
case("wrong-type-chart", setp(["body"], [{"heading": "图", "chart": "bar"}]), ("E-DEF-010", "body[0].chart"))
case("missing-id", delp(["id"]), ("E-DEF-011", "id"))
case("missing-target", delp(["indicators", 1, "target"]), ("E-DEF-011", "indicators[1].target"))
case("missing-executed", delp(["funds", 0, "executed"]), ("E-DEF-011", "funds[0].executed"))
case("missing-evaluator-name", setp(["evaluators"], [{"title": "科长"}]), ("E-DEF-011", "evaluators[0].name"))
case("missing-budget-weight", setp(["budgetExecution"], {}), ("E-DEF-011", "budgetExecution.weight"))
case("unknown-key-top", lambda d: d.__setitem__("indicator", d.pop("indicators")),
     ("E-DEF-012", "indicator"))
case("unknown-key-fund", lambda d: d["funds"][0].__setitem__("anualBudget", d["funds"][0].pop("annualBudget")),
     ("E-DEF-012", "funds[0].anualBudget"))
case("unknown-key-indicator", lambda d: d["indicators"][0].__setitem__("wieght", d["indicators"][0].pop("weight")),
     ("E-DEF-012", "indicators[0].wieght"))
case("unknown-key-period", setp(["period", "end"], "2021-12-31"), ("E-DEF-012", "period.end"))
case("bad-scoring", setp(["scoring"], "mof2020"), ("E-DEF-013", "scoring"))
case("bad-fund-level", setp(["funds", 0, "level"], "区级"), ("E-DEF-013", "funds[0].level"))
case("bad-direction", ind(0, "direction", "up"), ("E-DEF-013", "indicators[0].direction"))
case("bad-table-kind", setp(["body"], [{"heading": "表", "table": "fund"}]), ("E-DEF-013", "body[0].table"))
case("bad-money-unit", setp(["funds", 0, "unit"], "千元"), ("E-DEF-013", "funds[0].unit"))
case("bad-money-string", setp(["funds", 0, "executed"], "9.5万"), ("E-DEF-014", "funds[0].executed"))
case("bad-year-fraction", setp(["year"], 2021.5), ("E-DEF-014", "year"))
case("bad-number-huge", setp(["funds", 0, "annualBudget"], "1e400"), ("E-DEF-014", "funds[0].annualBudget"))
case("negative-money", setp(["funds", 0, "received"], -10), ("E-DEF-015", "funds[0].received"))
case("negative-weight", ind(0, "weight", "-50"), ("E-DEF-013", "indicators[0].weight"))
case("bad-date-format", setp(["filledOn"], "2022/06/27"), ("E-DEF-016", "filledOn"))
case("bad-date-day", setp(["period", "to"], "2021-02-30"), ("E-DEF-016", "period.to"))
case("bad-id", setp(["id"], "Base_Project"), ("E-DEF-017", "id"))
case("empty-name", setp(["name"], "  "), ("E-DEF-020", "name"))
case("empty-body-node", setp(["body"], [{}]), ("E-DEF-020", "body[0]"))
case("period-reversed", setp(["period"], {"from": "2021-12-31", "to": "2021-01-01"}), ("E-DEF-022", "period"))
case("mixed-fund-units", lambda d: d["funds"].append({"source": "其他资金", "annualBudget": 1000, "executed": 1000, "unit": "元"}),
     ("E-DEF-030", "funds[1].unit"))
case("fund-total-mismatch", lambda d: d["funds"].extend([
        {"source": "上年结转资金", "annualBudget": 2, "received": 2, "executed": 2},
        {"source": "合计", "annualBudget": 12, "received": 12, "executed": 12.5}]),
     ("E-DEF-031", "funds[2].executed"))
case("no-budget", setp(["funds"], []), ("E-DEF-032", "funds"))
case("mixed-units-person-percent", lambda d: (ind(0, "target", "≥100人")(d), ind(0, "actual", "98%")(d)),
     ("E-DEF-040", "indicators[0]"))
case("unknown-unit", lambda d: (ind(0, "target", "≥100吨")(d), ind(0, "actual", "120吨")(d)),
     ("E-DEF-041", "indicators[0]"))
case("qualitative-without-score", delp(["indicators", 1, "score"]), ("E-DEF-042", "indicators[1]"))
case("score-above-weight", ind(1, "score", 35), ("E-DEF-044", "indicators[1].score"))
case("weight-missing-mof", delp(["indicators", 2, "weight"]), ("E-DEF-045", "indicators[2].weight"))
case("total-mismatch", setp(["totalScore"], 95), ("E-DEF-050", "totalScore"))
case("subtotal-mismatch", setp(["subtotals"], {"产出指标": 45}), ("E-DEF-051", "subtotals.产出指标"))
case("subtotal-unknown", setp(["subtotals"], {"产出": 50}), ("E-DEF-012", "subtotals.产出"))
case("grade-mismatch", setp(["grade"], "良"), ("E-DEF-052", "grade"))
def ippe(d):
    d["scoring"] = "ippe"; del d["budgetExecution"]
    d["ippeScores"] = {"项目目标/项目立项规范": 3}
case("ippe-unknown-item", ippe, ("E-DEF-060", "ippeScores[\"项目目标/项目立项规范\"]"), ("E-DEF-061", "ippeScores"))
case("ippe-scores-on-mof", setp(["ippeScores"], {"项目目标/项目立项规范性": 3}), ("E-DEF-062", "ippeScores"))
case("heading-and-item", setp(["body"], [{"heading": "项目概况", "item": "概况。"}]), ("E-DEF-080", "body[0]"))
case("numbering-unknown", setp(["body"], [{"heading": "项目概况", "numbering": "(1)", "children": [{"item": "概况。"}]}]),
     ("E-DEF-013", "body[0].numbering"))
case("many-problems", lambda d: (setp(["id"], "Bad ID")(d), ind(0, "weight", "x")(d), setp(["funds", 0, "executed"], -1)(d)),
     ("E-DEF-017", "id"), ("E-DEF-014", "indicators[0].weight"), ("E-DEF-015", "funds[0].executed"))

text = json.dumps(BASE, ensure_ascii=False, indent=2)
raw("malformed-missing-comma.json", text.replace('"name": "基础项目",', '"name": "基础项目"').encode(), ("E-JSON-002", ""))
raw("malformed-trailing-comma.json", text.replace('"filledOn": "2022-06-27"', '"filledOn": "2022-06-27",').encode(), ("E-JSON-002", ""))
raw("nan.json", text.replace('"executed": 9.5', '"executed": NaN').encode(), ("E-JSON-005", ""))
raw("infinity.json", text.replace('"annualBudget": 10', '"annualBudget": Infinity').encode(), ("E-JSON-005", ""))
raw("duplicate-key.json", text.replace('"weight": 50,', '"weight": 50, "weight": 40,').encode(), ("E-DEF-003", "indicators[0].weight"))
raw("gbk-encoded.json", text.encode("gbk"), ("E-JSON-001", ""))
raw("empty.json", b"", ("E-JSON-004", ""))
raw("deep-nesting.json", b"[" * 10000 + b"]" * 10000, ("E-JSON-003", ""))

with open(os.path.join(out, "expectations.json"), "w", encoding="utf-8") as f:
    json.dump(expect, f, ensure_ascii=False, indent=2, sort_keys=True)
print(len(expect), "cases")
