"""Importing a question bank (`studybot import`): a printed paper of 5,000 questions read into
drafts (the parse), then written as bank YAML, in the same run; beside the writing, PyYAML's
own emitter on the same document (what the writer used before). Target: writing no slower
than the parse (ratio at most 1.00).

    .venv/bin/python -m bench.import_banks [--questions 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics

from bench.load_banks import best_of
from bot.content.bank_writer import bank_document, dump_bank_lines, dump_with_pyyaml
from bot.content.importers import import_bank, read_drafts

# One question of each type, as Word papers print them: options on one line or two, the
# answer in the brackets or under the question, explanations over two lines, tags.
PATTERNS = (
    "{n}．苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？（  ）\n"
    "A．党章学习日    B．读书月\nC．法治开讲      D．干部大讲堂\n"
    "【答案】A\n【解析】依据《2020年机关党的建设工作要点》一.1。\n每月开展一次。\n",
    "{n}．【多选题】要点要求认真执行的组织生活制度有（  ）。\n"
    "A．“三会一课” B．组织生活会 C．领导干部双重组织生活 D．年薪制\n"
    "【答案】ABC\n【标签】组织生活，党建\n",
    "{n}．每人每年党建活动经费新标准为800元。（√）\n",
    "{n}．全年组织____期以“开放再出发”为主题的“干部大讲堂”。\n答案：5|五　解析：要点二.5。\n",
)


def paper(questions: int) -> bytes:
    title = "苏州市级机关《2020年机关党的建设工作要点》学习题库\n"
    body = "".join(PATTERNS[n % len(PATTERNS)].format(n=n) for n in range(1, questions + 1))
    return (title + body).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = paper(args.questions)
    result = import_bank(data, "bench.txt")
    bank = result.bank
    assert bank is not None and len(bank.questions) == args.questions, result.errors[:3]

    parse_times = best_of(args.runs, lambda: read_drafts(data, "bench.txt", "bench.txt"))
    write_times = best_of(args.runs, lambda: dump_bank_lines(bank))
    pyyaml_times = best_of(args.runs, lambda: dump_with_pyyaml(bank_document(bank)))
    import_times = best_of(args.runs, lambda: import_bank(data, "bench.txt"))
    parse_ms = statistics.median(parse_times) * 1000
    write_ms = statistics.median(write_times) * 1000
    pyyaml_ms = statistics.median(pyyaml_times) * 1000
    import_ms = statistics.median(import_times) * 1000
    print(f"{args.questions} questions, a printed paper ({len(data) // 1024} KiB)")
    print(f"parse (read_drafts)          median {parse_ms:8.1f} ms over {args.runs} runs")
    print(f"write (dump_bank_lines)      median {write_ms:8.1f} ms over {args.runs} runs")
    print(f"PyYAML's emitter, same document median {pyyaml_ms:8.1f} ms")
    print(f"whole import (checked, read back) {import_ms:8.1f} ms")
    print(f"  ratio write/parse {write_ms / parse_ms:.2f}  (target: at most 1.00)")


if __name__ == "__main__":
    main()
