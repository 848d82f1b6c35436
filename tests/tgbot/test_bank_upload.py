"""An admin sends a question bank file to the bot: summary, problems, 确认 adds the bank."""

from __future__ import annotations

from pathlib import Path

from bot.content.banks import load_banks
from bot.content.exporters import template_xlsx
from bot.sandbox.messages import SentMessage
from bot.sandbox.state import BotApiSandbox
from bot.services.bank_import import uploads_folder
from tests.harness import ADMIN_ID, BotHarness, FrozenClock, buttons, make_config
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import MIXED_BANK, write_banks

FIXTURES = Path(__file__).resolve().parents[1] / "content" / "fixtures"
MEMBER = 2001


async def upload(
    harness: BotHarness, name: str, data: bytes, *, user: int = ADMIN_ID, caption: str = ""
) -> list[SentMessage]:
    harness.sandbox.user(user, f"成员{user}")
    before = {m.message_id for m in harness.sandbox.sent(user)}
    harness.sandbox.send_document(user, name, data, caption=caption or None)
    await harness.deliver()
    return [m for m in harness.sandbox.sent(user) if m.message_id not in before]


def labels(message: SentMessage) -> list[str]:
    return [text for text, _ in buttons(message)]


async def test_admin_adds_an_excel_bank_on_confirmation(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "题库.xlsx", template_xlsx())
    summary = sent[-1]
    text = summary.text or ""
    assert "题库.xlsx（Excel）：找到 4 道题" in text
    assert "题库 my-bank《我的题库》：可导入 4 道题（单选 1，多选 1，判断 1，填空 1）" in text
    assert "没有发现问题" in text
    assert labels(summary) == ["确认", "取消"]
    assert harness.services.catalog.by_id("my-bank") is None  # nothing before confirmation

    done = await harness.press(ADMIN_ID, summary, "确认")
    assert "已添加题库 my-bank《我的题库》：4 道题" in (done[-1].text or "")
    assert labels(harness.sandbox_message(summary)) == []  # the buttons are gone
    added = harness.services.catalog.by_id("my-bank")
    assert added is not None and len(added) == 4
    folder = harness.config.quizzes_path
    assert (folder / "my-bank.yaml").is_file()
    catalog = load_banks(folder)  # what `studybot check` reads: no errors
    assert catalog.errors == () and {b.id for b in catalog.banks} == {"mixed", "my-bank"}

    # Members can play the new bank at once.
    quiz = await harness.say(MEMBER, "/practice my-bank")
    assert any("第 1/4 题" in (m.text or "") for m in quiz)


async def test_problems_are_listed_with_rows_and_bad_questions_can_be_skipped(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    data = (FIXTURES / "有错误的题库.csv").read_bytes()
    sent = await upload(harness, "有错误的题库.csv", data, caption="practice-bad 错题练习")
    summary = sent[-1]
    text = summary.text or ""
    assert "发现 8 个错误" in text
    assert "有错误的题库.csv 第 3 行：答案 E 不在选项中" in text
    assert "有错误的题库.csv 第 4 行：单选题只能有一个答案，现在是 AC" in text
    assert "有错误的题库.csv 第 9 行：填空答案“。”去掉空格和标点后为空" in text
    assert "有错误的 8 道题不会添加" in text
    assert labels(summary) == ["只添加无误的 1 道题", "取消"]

    done = await harness.press(ADMIN_ID, summary, "只添加无误的 1 道题")
    assert "已添加题库 practice-bad《错题练习》：1 道题" in (done[-1].text or "")
    bank = harness.services.catalog.by_id("practice-bad")
    assert bank is not None and [q.id for q in bank.questions] == ["q009"]


async def test_a_file_with_nothing_to_add_gets_no_buttons(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "notes.txt", "这里没有题目。\n只是一些说明。\n".encode())
    summary = sent[-1]
    assert "文件中没有找到题目" in (summary.text or "")
    assert "请按提示修改文件后重新发送" in (summary.text or "")
    assert labels(summary) == []


YAML_BANK = """# 党章知识（管理员自己写的题库）
id: party-rules
title: 党章知识
defaults:
  time_limit: 20
questions:
  - id: r1
    type: single
    question: 党章规定，党员必须履行几项义务？
    options: [六项, 八项, 十项]
    answer: B
    explanation: 党章第三条。
  - id: r2
    type: judge
    question: 预备党员的预备期为一年。
    answer: 对
    explanation: 党章第七条。
"""


async def test_admin_adds_a_yaml_bank_as_written(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    summary = (await upload(harness, "new.yaml", YAML_BANK.encode()))[-1]
    text = summary.plain_text or ""
    assert "new.yaml（YAML）：找到 2 道题" in text
    assert "题库 party-rules《党章知识》：可导入 2 道题（单选 1，多选 0，判断 1，填空 0）" in text
    assert "没有发现问题" in text and "确认后将添加到题库" in text
    assert "题库编号由文件名生成" not in text  # the file names its own id
    assert labels(summary) == ["确认", "取消"]

    done = await harness.press(ADMIN_ID, summary, "确认")
    assert "已添加题库 party-rules《党章知识》：2 道题" in (done[-1].plain_text or "")
    written = harness.config.quizzes_path / "party-rules.yaml"
    assert written.read_text(encoding="utf-8") == YAML_BANK  # comments and layout kept
    bank = harness.services.catalog.by_id("party-rules")
    assert bank is not None and bank.questions[0].time_limit == 20


async def test_a_yaml_bank_with_errors_names_them_at_their_lines(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    broken = YAML_BANK.replace("answer: B", "answer: E")
    summary = (await upload(harness, "new.yml", broken.encode()))[-1]
    text = summary.plain_text or ""
    assert "new.yml（YAML）：找到 2 道题" in text
    assert "new.yml 第 11 行 [r1]：答案 E 不在选项中" in text  # what `studybot check` says
    assert "请按提示修改文件后重新发送" in text
    assert labels(summary) == []
    assert harness.services.catalog.by_id("party-rules") is None


async def test_a_caption_renames_a_yaml_bank(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "new.yaml", YAML_BANK.encode(), caption="rules-2 党章知识二")
    assert "题库 rules-2《党章知识二》：可导入 2 道题" in (sent[-1].plain_text or "")
    await harness.press(ADMIN_ID, sent[-1], "确认")
    bank = harness.services.catalog.by_id("rules-2")
    assert bank is not None and [q.id for q in bank.questions] == ["r1", "r2"]
    assert harness.services.catalog.by_id("party-rules") is None


async def test_a_caption_of_a_chinese_title_alone_is_the_title(
    make_harness: HarnessFactory,
) -> None:
    """An organiser captions the file with its title, as they know it (党章 基础知识): that is
    the title, and the id comes from the file name, instead of "bank id 党章 is invalid"."""
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "题库.xlsx", template_xlsx(), caption="党章 基础知识")
    assert "题库 my-bank《党章 基础知识》：可导入 4 道题" in (sent[-1].plain_text or "")
    assert labels(sent[-1]) == ["确认", "取消"]


async def test_an_invalid_caption_id_is_explained_for_the_caption(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "题库.xlsx", template_xlsx(), caption="Party_Basics 党章")
    text = sent[-1].plain_text or ""
    assert "题库编号 Party_Basics 无效" in text and "说明" in text


async def test_unsupported_files_are_named_with_the_fix(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await upload(harness, "题库.xls", b"\xd0\xcf\x11\xe0old excel")
    assert "另存为” .xlsx" in (sent[-1].text or "")
    sent = await upload(harness, "题库.docx", b"PK\x03\x04word")
    # The file is not read at all: no "（?）" where the format would be, no "found 0".
    assert (sent[-1].text or "").startswith("题库.docx：无法读取这个文件。")
    assert "另存为”纯文本" in (sent[-1].text or "")


async def test_members_cannot_add_banks(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    await harness.say(MEMBER, "/start")
    sent = await upload(harness, "题库.xlsx", template_xlsx(), user=MEMBER)
    # No command was sent: "这个命令需要管理员权限" left the member wondering which.
    assert "只有管理员可以发送文件添加题库" in sent[-1].plain_text
    assert "命令需要" not in sent[-1].plain_text
    assert not uploads_folder(harness.config).exists()


async def test_cancel_changes_nothing_and_a_second_tap_is_refused(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    summary = (await upload(harness, "题库.xlsx", template_xlsx()))[-1]
    data = [d for _, d in buttons(summary)]
    done = await harness.press(ADMIN_ID, summary, "取消")
    assert "已取消" in (done[-1].text or "")
    assert harness.services.catalog.by_id("my-bank") is None
    # The old 确认 button (a stale client, a replayed update) finds the upload gone.
    again = await harness.press_data(ADMIN_ID, summary, data[0])
    assert "这次上传已经处理过或已过期" in (again[-1].text or "")
    assert not (harness.config.quizzes_path / "my-bank.yaml").exists()


async def test_confirmation_works_after_a_restart(
    database_url: str, clock: FrozenClock, sandbox: BotApiSandbox, tmp_path: Path
) -> None:
    folder = write_banks(tmp_path / "quizzes", MIXED_BANK)
    config = make_config(database_url, quizzes_dir=str(folder))
    first = BotHarness(config, clock, sandbox)
    await first.start()
    summary = (await upload(first, "party.gift", (FIXTURES / "基层党建.gift").read_bytes()))[-1]
    await first.stop()

    second = BotHarness(config, clock, sandbox)
    await second.start()
    try:
        done = await second.press(ADMIN_ID, summary, "确认")
        assert "已添加题库 party《party》：6 道题" in (done[-1].text or "")
        assert second.services.catalog.by_id("party") is not None
    finally:
        await second.stop()


async def test_a_bank_with_the_same_id_is_replaced_in_its_own_file(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    csv = "题型,题目,选项A,选项B,答案,解析\r\n单选,新的单选题,甲,乙,B,新解析\r\n"
    summary = (await upload(harness, "x.csv", csv.encode(), caption="mixed"))[-1]
    assert "题库 mixed《测试题库》已存在（4 道题），确认后将用这个文件替换它" in (
        summary.text or ""
    )
    done = await harness.press(ADMIN_ID, summary, "确认")
    assert "已更新题库 mixed" in (done[-1].text or "")
    bank = harness.services.catalog.by_id("mixed")
    assert bank is not None and len(bank) == 1 and bank.questions[0].text == "新的单选题"
    assert sorted(p.name for p in harness.config.quizzes_path.iterdir()) == ["mixed.yaml"]


async def test_summary_text_is_html_escaped(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    csv = "题型,题目,选项A,选项B,答案\n单选,题目,甲,乙,B\n"
    summary = (await upload(harness, "esc.csv", csv.encode(), caption="esc <b>粗体</b>"))[-1]
    assert "《&lt;b&gt;粗体&lt;/b&gt;》" in (summary.text or "")
    assert "《<b>粗体</b>》" in (summary.plain_text or "")


async def test_a_long_list_of_problems_is_cut_between_lines_and_keeps_the_hint(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    rows = ["题型,题目,选项A,选项B,答案,解析", "单选,好题,甲,乙,B,解析"]
    # Answers of 300 "&" each: every problem line is 1,500 characters once escaped.
    rows += [f"单选,第{i}题,甲,乙,{'&' * 300},解析" for i in range(20)]
    sent = await upload(harness, "long.csv", "\n".join(rows).encode())
    summary = sent[-1]
    text = summary.plain_text or ""
    assert len(summary.text or "") <= 4096
    assert "有错误的 20 道题不会添加" in text  # the hint survives the cut
    assert labels(summary) == ["只添加无误的 1 道题", "取消"]
    listed = text.count("long.csv 第")
    assert 0 < listed < 15
    assert f"还有 {20 - listed} 个问题未列出" in text
    # Every listed problem is whole.
    problems = [line for line in text.splitlines() if line.startswith("long.csv 第")]
    assert len(problems) == listed and all(line.endswith("。") for line in problems)


async def test_a_bank_that_does_not_load_after_writing_is_taken_back(
    make_harness: HarnessFactory,
) -> None:
    """The catalog did not know a file put in the folder by hand since the start, which
    holds the same bank id: the new file is refused by the loader, so it is removed and the
    banks are served as before."""
    harness = await make_harness(MIXED_BANK)
    folder = harness.config.quizzes_path
    (folder / "aaa.yaml").write_text(
        "id: my-bank\ntitle: 手工放入\nquestions:\n"
        "  - {id: j1, type: judge, question: 判断, answer: 对, explanation: 解析}\n",
        encoding="utf-8",
    )
    summary = (await upload(harness, "题库.xlsx", template_xlsx()))[-1]
    said = (await harness.press(ADMIN_ID, summary, "确认"))[-1].text or ""
    assert "写入后题库未能加载，已恢复原来的题库文件" in said
    assert "题库编号 my-bank 已被" in said and "aaa.yaml 使用" in said
    assert sorted(p.name for p in folder.iterdir()) == ["aaa.yaml", "mixed.yaml"]
    served = harness.services.catalog.by_id("my-bank")
    assert served is not None and served.title == "手工放入"


async def test_reload_keeps_the_old_catalog_when_the_folder_is_gone(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    before = harness.services.catalog
    for path in harness.config.quizzes_path.iterdir():
        path.unlink()
    harness.config.quizzes_path.rmdir()
    harness.services.load_content()
    assert harness.services.catalog is before
    assert harness.services.catalog.by_id("mixed") is not None


def test_uploads_wait_next_to_the_sqlite_database(tmp_path: Path) -> None:
    sqlite = make_config(f"sqlite+aiosqlite:///{tmp_path}/data/bot.db")
    assert uploads_folder(sqlite) == tmp_path / "data" / "uploads"
    postgres = make_config(
        "postgresql+asyncpg://u@localhost/db", quizzes_dir=str(tmp_path / "quizzes")
    )
    assert uploads_folder(postgres) == tmp_path / "uploads"


async def test_the_english_summary_counts_in_the_singular(make_harness: HarnessFactory) -> None:
    harness = await make_harness({**MIXED_BANK, "questions": MIXED_BANK["questions"][:1]})
    await harness.say(ADMIN_ID, "/lang en")
    csv = "题目,答案\n新的判断题,对\n".encode()  # one question, no explanation: one warning
    [summary] = await upload(harness, "q.csv", csv, caption="mixed 新")
    text = summary.text or ""
    assert "0 errors and 1 warning found:" in text
    assert 'bank mixed "测试题库" already exists (1 question);' in text
    [listing] = await harness.say(ADMIN_ID, "/banks")
    assert "测试题库 (mixed): 1 question (" in (listing.text or "")
