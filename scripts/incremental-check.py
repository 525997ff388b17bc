#!/usr/bin/env python3
"""Differential check of reportgen's incremental runs (issues 11 and 12).

A seeded random walk of edits a finance office makes between runs — a project's figures,
实施单位 or name (also names that collide with another project's file name), projects added,
removed and reordered, the unit, the final accounts and the department report, a template
restyled (W-TPL-030), a project file only touched, a generated file deleted, the cache damaged, a value
made invalid — each followed by the run a user would make: `project --id` of the changed
project, `project --id` of another one, or `package` again, with `--jobs` 1–3.

After every run that succeeded and left no project stale, the output folder must be byte for
byte what a fresh `package` of the same definitions writes into an empty folder with an empty
cache. A run that fails must leave the folder as it was. A generated file edited by hand must
stop `project --id` (E-OUT-010). The first difference stops the walk, names the step and keeps
the work folder for a look.

    python3 scripts/incremental-check.py --binary .build/release/reportgen --steps 200 --seed 7
    python3 scripts/incremental-check.py --base workload:600 --steps 60   (summary in row chunks)

Exit status 0: no difference; 1: a difference (the message says which); 2: a setup failure.
"""
import argparse
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples/panzhihua-2021")
SCORED = ["examples/zhongdian-jiuzhu-2021/projects/zhongdian-jiuzhu.json",
          "examples/ippe-demo/projects/yibao-xuanchuan-jingban-nengli.json"]


class Walk:
    def __init__(self, binary, work, seed):
        self.binary, self.work, self.rng = binary, work, random.Random(seed)
        self.pkg, self.out = f"{work}/pkg", f"{work}/out"
        self.cache, self.templates = f"{work}/cache", f"{work}/templates"
        # Projects whose own files a run has not yet regenerated since they were edited, and
        # whether something only `package` brings up to date changed (a project added, removed
        # or moved, a generated file deleted). Everything else `project --id` of any project
        # brings up to date: the order, the unit, the final accounts and the department report
        # (their documents are made with every project), a template (W-TPL-030).
        self.stale, self.package_level = set(), False
        # The cache was damaged since the last `package`: a run cannot know which other projects
        # changed (W-DEF-036 stays silent), so its silence says nothing then.
        # (The project record also goes when package.json changes: it is kept per package content.)
        self.record_unknown = False
        self.counts, self.compared = {}, 0

    # --- files -----------------------------------------------------------------------------
    def read(self, relative):
        with open(f"{self.pkg}/{relative}", encoding="utf-8") as f:
            return json.load(f)

    def write(self, relative, value):
        with open(f"{self.pkg}/{relative}", "w", encoding="utf-8") as f:
            json.dump(value, f, ensure_ascii=False, indent=self.rng.choice([1, 2]))

    def listed(self):
        return [(self.read(path)["id"], path) for path in self.read("package.json")["projects"]]

    @staticmethod
    def snapshot(folder):
        files = {}
        for directory, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(directory, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
        return files

    def run(self, arguments, cache=None):
        environment = dict(os.environ, XDG_CACHE_HOME=cache or self.cache, REPORTGEN_TEMPLATES=self.templates)
        # The work folder as the current one, so that the relative spellings of the output folder hold.
        result = subprocess.run([self.binary] + arguments, capture_output=True, text=True, env=environment, cwd=self.work)
        return result.returncode, result.stderr

    def spelled_output(self):
        """The output folder as users spell it: absolute or relative, with or without ./ and a slash."""
        return self.rng.choice([self.out, "out", "./out", "out/", f"{self.out}/", "pkg/../out"])

    # --- setup -----------------------------------------------------------------------------
    def set_up(self, base):
        shutil.copytree(os.path.join(ROOT, "templates"), self.templates)
        if base.startswith("workload:"):
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts/make-workload.py"), "--projects", base.split(":", 1)[1],
                            "--final-accounts", "-o", self.pkg], check=True, capture_output=True)
            package = self.read("package.json")
            package["projects"] = sorted("projects/" + name for name in os.listdir(f"{self.pkg}/projects"))
        else:
            # The example, the two scored example projects (财预 and 投入过程产出效果) and copies of
            # the example's projects, listed one by one so that they can be reordered.
            shutil.copytree(EXAMPLE, self.pkg)
            package = self.read("package.json")
            originals = list(package["projects"])
            for scored in SCORED:
                shutil.copy(os.path.join(ROOT, scored), f"{self.pkg}/projects/")
                package["projects"].append("projects/" + os.path.basename(scored))
            for number in range(6):
                project = self.read(originals[number % len(originals)])
                project["id"] += f"-c{number}"
                project["name"] += f"（第{number}号）"
                path = f"projects/{project['id']}.json"
                self.write(path, project)
                package["projects"].append(path)
        self.write("package.json", package)
        status, stderr = self.run(["package", f"{self.pkg}/package.json", "-o", self.out, "--quiet"])
        if status != 0:
            sys.exit(f"增量核对：初次 package 失败（退出码 {status}）：\n{stderr}")

    # --- edits -----------------------------------------------------------------------------
    def edit(self, kind, project_id, path):
        """Applies one edit; returns whether the run after it must fail."""
        rng = self.rng
        if kind == "implementer":
            project = self.read(path)
            project["implementer"] = rng.choice(["攀枝花市医疗保障局", "市医保信息中心", "某某单位", project["department"]])
            self.write(path, project)
            self.stale.add(project_id)
        elif kind == "rename":
            project = self.read(path)
            others = [self.read(other)["name"] for _, other in self.listed() if other != path]
            stem = project["name"].split("（")[0]
            # Trailing dots and another project's name give shared file-name stems (or E-DEF-019).
            project["name"] = rng.choice([stem + "（改）", stem + ".", stem, project["name"] + "甲",
                                          rng.choice(others) + ".", rng.choice(others)])
            self.write(path, project)
            self.stale.add(project_id)
        elif kind == "figure":
            project = self.read(path)
            budgeted = [funds for funds in project.get("funds", []) if "annualBudget" in funds]
            if budgeted:
                funds = rng.choice(budgeted)
                share = Decimal(rng.choice(["1", "0.9", "0.5", "0.333", "0.9999"]))
                funds["executed"] = str((Decimal(str(funds["annualBudget"])) * share).quantize(Decimal("0.01")))
                self.write(path, project)
                self.stale.add(project_id)
        elif kind == "indicator":
            project = self.read(path)
            indicators = project.get("indicators", [])
            if indicators:
                indicator = rng.choice(indicators)
                if rng.random() < 0.3 and len(indicators) > 1 and "weight" in indicator:
                    # Two weights swapped: the total stays 100, the score moves.
                    other = rng.choice(indicators)
                    indicator["weight"], other["weight"] = other.get("weight"), indicator["weight"]
                else:
                    target = re.sub(r"[≥≤<>=]", "", str(indicator.get("target", "1")))
                    indicator["actual"] = rng.choice([target, "0", "4863人", "2次", "100%", "90%", "完成", "1"])
                self.write(path, project)
                self.stale.add(project_id)
        elif kind == "move":
            # The project file renamed (its id stays); the package lists the new path.
            moved = f"projects/moved-{rng.randrange(1000)}.json"
            if not os.path.exists(f"{self.pkg}/{moved}"):
                os.rename(f"{self.pkg}/{path}", f"{self.pkg}/{moved}")
                package = self.read("package.json")
                package["projects"][package["projects"].index(path)] = moved
                self.write("package.json", package)
                self.package_level = True
        elif kind == "touch":
            os.utime(f"{self.pkg}/{path}")
        elif kind == "add":
            project = self.read(path)
            number = rng.randrange(1000)
            project["id"] = f"{project['id'].split('-n')[0]}-n{number}"
            project["name"] += f"（新{number}）"
            added = f"projects/{project['id']}.json"
            if not os.path.exists(f"{self.pkg}/{added}"):
                self.write(added, project)
                package = self.read("package.json")
                package["projects"].insert(rng.randrange(len(package["projects"]) + 1), added)
                self.write("package.json", package)
                self.package_level = True
        elif kind == "remove":
            package = self.read("package.json")
            if len(package["projects"]) > 3:
                package["projects"].remove(path)
                self.write("package.json", package)
                self.stale.discard(project_id)
                self.package_level = True
        elif kind == "reorder":
            self.record_unknown = True
            package = self.read("package.json")
            a, b = rng.randrange(len(package["projects"])), rng.randrange(len(package["projects"]))
            package["projects"][a], package["projects"][b] = package["projects"][b], package["projects"][a]
            self.write("package.json", package)
        elif kind == "unit":
            self.record_unknown = True
            package = self.read("package.json")
            package["unit"]["shortName"] = rng.choice(["市医保局", "医保局", "本局"])
            self.write("package.json", package)
        elif kind == "accounts" and os.path.exists(f"{self.pkg}/final-accounts.json"):
            accounts = self.read("final-accounts.json")
            places = []

            def walk(value, place):
                if isinstance(value, dict):
                    for key, item in value.items():
                        if not key.startswith("_"):
                            walk(item, place + [key])
                elif isinstance(value, list):
                    for index, item in enumerate(value):
                        walk(item, place + [index])
                elif isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value):
                    places.append(place)

            walk(accounts["figures"], [])
            place = rng.choice(places)
            holder = accounts["figures"]
            for key in place[:-1]:
                holder = holder[key]
            holder[place[-1]] = str(Decimal(holder[place[-1]]) + Decimal(rng.choice(["0.01", "1", "-0.01"])))
            self.write("final-accounts.json", accounts)
        elif kind == "department" and os.path.exists(f"{self.pkg}/department.json"):
            department = self.read("department.json")
            title = department["title"]
            department["title"] = title.replace("（修订）", "") if "（修订）" in title else title + "（修订）"
            self.write("department.json", department)
        elif kind == "template":
            # `project --id` makes every document of a changed template again (W-TPL-030).
            self.restyle_template()
        elif kind == "cache":
            self.record_unknown = True
            files = [os.path.join(d, n) for d, _, names in os.walk(self.cache) for n in names]
            if files:
                damaged = rng.choice(files)
                if rng.random() < 0.5:
                    os.remove(damaged)
                else:
                    with open(damaged, "rb") as f:
                        data = bytearray(f.read())
                    if data:
                        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                        with open(damaged, "wb") as f:
                            f.write(bytes(data))
        elif kind == "invalid":
            project = self.read(path)
            if not project.get("funds"):
                return False
            project["funds"][0]["executed"] = rng.choice(["abc", "-1", "1e999", None])
            self.write(path, project)
            return True
        elif kind == "delete-output":
            documents = [name for name in os.listdir(self.out) if name.endswith(".docx")]
            if documents:
                os.remove(f"{self.out}/{rng.choice(documents)}")
            self.package_level = True
        return False

    def restyle_template(self):
        """One word of one template's main part changed, as a restyle in Word would."""
        name = self.rng.choice(sorted(n for n in os.listdir(self.templates) if n.endswith(".docx")))
        path = f"{self.templates}/{name}"
        buffer = io.BytesIO()
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/document.xml":
                    text = data.decode("utf-8")
                    for old, new in [("的", "之"), ("之", "的"), ("年", "年度"), ("年度", "年")]:
                        if old in text:
                            text = text.replace(old, new, 1)
                            break
                    data = text.encode("utf-8")
                target.writestr(info, data)
        with open(path, "wb") as f:
            f.write(buffer.getvalue())

    def tamper(self):
        """A generated CSV edited in place: `project --id` must stop with E-OUT-010 and `package`
        with E-OUT-001, both changing nothing; the user then moves the file away and runs `package`."""
        sheets = sorted(n for n in os.listdir(self.out) if n.endswith(".csv") and n.startswith("项目支出绩效自评表"))
        if not sheets:
            return True
        edited = f"{self.out}/{self.rng.choice(sheets)}"
        with open(edited, "a", encoding="utf-8") as f:
            f.write("手改\n")
        before = self.snapshot(self.out)
        target = self.rng.choice(self.listed())[0]
        for arguments, code in [(["project", f"{self.pkg}/package.json", "--id", target], "E-OUT-010"),
                                (["package", f"{self.pkg}/package.json"], "E-OUT-001")]:
            status, stderr = self.run(arguments + ["-o", self.out, "--quiet"])
            if status == 0 or code not in stderr or self.snapshot(self.out) != before:
                return self.fail(f"手改自评表 CSV 之后 {arguments[0]} 没有以 {code} 停止、或改动了输出（退出码 {status}）：\n{stderr[:1500]}")
        os.remove(edited)
        self.package_level = True
        return True

    # --- the walk --------------------------------------------------------------------------
    def fail(self, message):
        print(f"增量核对失败：{message}\n工作目录保留在 {self.work}", file=sys.stderr)
        return False

    def step(self, number):
        before = f"{self.work}/before"
        for folder, source in [(f"{before}/pkg", self.pkg), (f"{before}/templates", self.templates)]:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(source, folder)
        project_id, path = self.rng.choice(self.listed())
        kind = self.rng.choice(["implementer", "rename", "figure", "touch", "add", "remove", "reorder", "unit", "accounts",
                                "department", "template", "cache", "invalid", "delete-output", "tamper", "figure",
                                "implementer", "rename", "indicator", "indicator", "move", "nothing"])
        if kind == "tamper":
            self.counts["tamper"] = self.counts.get("tamper", 0) + 1
            return self.tamper()
        must_fail = self.edit(kind, project_id, path)

        jobs = ["--jobs", str(self.rng.choice([1, 2, 3]))] if self.rng.random() < 0.5 else []
        draw, regenerated = self.rng.random(), None
        if not self.package_level and draw < 0.7:
            own = draw < 0.5 and self.stale
            regenerated = next(iter(sorted(self.stale))) if own else self.rng.choice(self.listed())[0]
            # Not --quiet: the W-DEF-036 warning is checked (below).
            arguments, run = ["project", f"{self.pkg}/package.json", "--id", regenerated, "-o", self.spelled_output()] + jobs, "project"
        else:
            arguments, run = ["package", f"{self.pkg}/package.json", "-o", self.spelled_output(), "--quiet"] + jobs, "package"

        before_run = self.snapshot(self.out)
        status, stderr = self.run(arguments)
        key = f"{kind}/{run}/{'ok' if status == 0 else 'error'}"
        self.counts[key] = self.counts.get(key, 0) + 1
        shown = [os.path.relpath(a, self.work) if a.startswith("/") else a for a in arguments if a != "--quiet"]
        label = f"第 {number} 步（{kind}，{' '.join(shown)}）"
        if status != 0:
            if self.snapshot(self.out) != before_run:
                return self.fail(f"{label}失败（退出码 {status}），却改动了输出目录：\n{stderr[:1500]}")
            if status != 1 or not re.search(r"E-[A-Z]+-\d+", stderr):
                return self.fail(f"{label}失败，但没有错误代码或退出码不是 1（{status}）：\n{stderr[:1500]}")
            # The edit is undone, as the user would after reading the message (another project's
            # name taken, a project the final accounts attach removed, a figure that breaks a total).
            for folder, source in [(self.pkg, f"{before}/pkg"), (self.templates, f"{before}/templates")]:
                shutil.rmtree(folder)
                shutil.copytree(source, folder)
            return True
        if must_fail:
            return self.fail(f"{label}：无效的金额被接受了")
        if run == "package":
            self.stale.clear()
            self.package_level = self.record_unknown = False
        else:
            # W-DEF-036 names the edited projects whose own documents this run did not make
            # again: never one that was not edited, nor the one asked for. One left unnamed
            # (made again with it after a restyle, or never stale) must then have the fresh
            # package's bytes, which the comparison below checks.
            named = {name for line in stderr.splitlines() if line.startswith("警告 W-DEF-036")
                     for name in re.findall(r"「([^」]+)」（", line)}
            if not named <= self.stale - {regenerated}:
                return self.fail(f"{label}：W-DEF-036 列出了未改动或刚重新生成的项目 {sorted(named - (self.stale - {regenerated}))}：\n{stderr[:1500]}")
            if self.record_unknown:
                self.stale.discard(regenerated)
            else:
                self.stale = named
        if self.stale or self.package_level:
            return True

        self.compared += 1
        fresh, fresh_cache = f"{self.work}/fresh", f"{self.work}/fresh-cache"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(fresh_cache, ignore_errors=True)
        status, stderr = self.run(["package", f"{self.pkg}/package.json", "-o", fresh, "--quiet"], cache=fresh_cache)
        if status != 0:
            return self.fail(f"{label}之后全新 package 失败：\n{stderr[:1500]}")
        mine, theirs = self.snapshot(self.out), self.snapshot(fresh)
        if mine != theirs:
            differ = sorted(k for k in set(mine) & set(theirs) if mine[k] != theirs[k])
            return self.fail(f"{label}之后输出与全新 package 不同：只在增量输出中 {sorted(set(mine) - set(theirs))[:5]}，"
                             f"只在全新输出中 {sorted(set(theirs) - set(mine))[:5]}，内容不同 {differ[:8]}")
        return True


def main():
    parser = argparse.ArgumentParser(description="增量运行与全新 package 的逐字节对照（随机编辑序列）")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/reportgen"), help="reportgen 程序")
    parser.add_argument("--steps", type=int, default=40, help="编辑步数")
    parser.add_argument("--seed", type=int, default=1, help="随机种子（同一种子同一序列）")
    parser.add_argument("--base", default="example", help="example（攀枝花示例加 6 个副本）或 workload:N")
    parser.add_argument("--work", help="工作目录（缺省为临时目录，成功后删除）")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"增量核对：找不到程序 {binary}（先 swift build）")
    work = os.path.abspath(options.work) if options.work else tempfile.mkdtemp(prefix="reportgen-incremental-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    walk = Walk(binary, work, options.seed)
    walk.set_up(options.base)
    for number in range(1, options.steps + 1):
        if not walk.step(number):
            sys.exit(1)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(walk.counts.items()))
    print(f"增量核对通过：种子 {options.seed}，{options.steps} 步，与全新 package 逐字节对照 {walk.compared} 次（{counts}）")
    if not options.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
