#!/usr/bin/env python3
"""Generate a benchmark package of N projects from the shipped examples.

Projects are the example projects cycled, each copy with its own id and name, so the
workload has the size of a real large unit's package. Deterministic: same N, same files.

    python3 scripts/make-workload.py --projects 1000 -o /tmp/reportgen-bench/pkg-1000

With --final-accounts the package also has the panzhihua example's final accounts, so its
决算公开 document attaches every project report (its department report is left out: it
names the example's own projects).
"""
import argparse
import glob
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCES = ["examples/yanbian-2021", "examples/zhongdian-jiuzhu-2021", "examples/panzhihua-2021"]
FINAL_ACCOUNTS = "examples/panzhihua-2021"


def load_projects():
    projects = []
    for source in SOURCES:
        package_path = os.path.join(ROOT, source, "package.json")
        if not os.path.exists(package_path):
            continue
        with open(package_path, encoding="utf-8-sig") as f:
            package = json.load(f)
        for item in package.get("projects", []):
            if isinstance(item, dict):
                projects.append(item)
                continue
            for path in sorted(glob.glob(os.path.join(ROOT, source, item))):
                with open(path, encoding="utf-8-sig") as f:
                    projects.append(json.load(f))
    if not projects:
        raise SystemExit("make-workload: no example projects found under examples/")
    return projects


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--final-accounts", action="store_true",
                        help="add the final accounts of " + FINAL_ACCOUNTS)
    args = parser.parse_args()

    projects = load_projects()
    if os.path.exists(args.output):
        shutil.rmtree(args.output)
    os.makedirs(os.path.join(args.output, "projects"))
    for i in range(args.projects):
        project = json.loads(json.dumps(projects[i % len(projects)]))
        project["id"] = ("p%05d-%s" % (i + 1, project["id"]))[:60].rstrip("-")
        project["name"] = "%s（第%d号）" % (project["name"], i + 1)
        project["year"] = 2021
        with open(os.path.join(args.output, "projects", project["id"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(project, f, ensure_ascii=False, indent=1)
    package = {
        "format": "reportgen/1",
        "year": 2021,
        "unit": {"name": "基准测试单位"},
        "projects": ["projects/*.json"],
    }
    if args.final_accounts:
        with open(os.path.join(ROOT, FINAL_ACCOUNTS, "package.json"), encoding="utf-8-sig") as f:
            source = json.load(f)
        package["unit"] = source["unit"]
        for key in ("finalAccounts",):
            shutil.copy(os.path.join(ROOT, FINAL_ACCOUNTS, source[key]), os.path.join(args.output, source[key]))
            package[key] = source[key]
    with open(os.path.join(args.output, "package.json"), "w", encoding="utf-8") as f:
        json.dump(package, f, ensure_ascii=False, indent=1)
    print("make-workload: %d projects in %s" % (args.projects, args.output))


if __name__ == "__main__":
    main()
