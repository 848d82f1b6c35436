"""Loading question banks (issue 3): 10,000 generated questions in 10 files, through the real
loader and validator, beside a bare `yaml.load` of the same files with the same loader class.
Target: at most 2 times the bare parse.

    .venv/bin/python -m bench.load_banks [--questions 10000] [--files 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.content.banks import load_banks
from bot.content.yamlnodes import YAML_LOADER

TYPES = ("single", "multiple", "judge", "fill")


def generate(folder: Path, questions: int, files: int) -> None:
    per_file = questions // files
    for f in range(files):
        items = []
        for i in range(per_file):
            kind = TYPES[i % 4]
            item: dict[str, object] = {
                "id": f"q{i:05d}",
                "type": kind,
                "question": f"第{f}-{i}题：全年计划组织几期以“开放再出发”为主题的“干部大讲堂”？",
                "explanation": "依据《2020年机关党的建设工作要点》二.5。",
                "tags": ["教育培训"],
            }
            if kind in ("single", "multiple"):
                item["options"] = ["3期", "5期", "10期", "15期"]
                item["answer"] = "B" if kind == "single" else ["A", "C"]
            elif kind == "judge":
                item["answer"] = "对"
            else:
                item["answer"] = ["5", "五"]
            items.append(item)
        bank = {"id": f"bank-{f}", "title": f"题库{f}", "questions": items}
        (folder / f"bank-{f}.yaml").write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def best_of(runs: int, action: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generate(folder, args.questions, args.files)
        paths = sorted(folder.glob("*.yaml"))

        def bare() -> None:
            for path in paths:
                yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)

        def loader() -> None:
            catalog = load_banks(folder)
            assert len(catalog.banks) == args.files and not catalog.errors

        bare_times = best_of(args.runs, bare)
        load_times = best_of(args.runs, loader)
    bare_ms = statistics.median(bare_times) * 1000
    load_ms = statistics.median(load_times) * 1000
    print(f"{args.questions} questions in {args.files} files, {YAML_LOADER.__name__}")
    print(f"bare yaml.load        median {bare_ms:8.1f} ms over {args.runs} runs")
    print(f"load_banks (validated) median {load_ms:8.1f} ms over {args.runs} runs")
    print(f"  ratio {load_ms / bare_ms:.2f}  (target: at most 2.00)")


if __name__ == "__main__":
    main()
