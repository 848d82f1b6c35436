"""Study groups: codes, names, membership states, linked chats and the groups file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.locales import translate
from bot.services.errors import PermissionDenied, UserFacingError
from bot.services.groups import (
    CODE_ALPHABET,
    GroupsFileError,
    describe_problem,
    load_groups_file,
    new_code,
    normalize_code,
    parse_groups_file,
)
from bot.services.identity import Actor, Caller, Role
from bot.services.unit import Services
from bot.storage.models import Member
from tests.content.yaml_mistakes import YAML_MISTAKES
from tests.harness import ADMIN_ID, REPO, BotHarness

ADMIN = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)


def member(member_id: int) -> Actor:
    return Actor(member_id, f"成员{member_id}", "zh", Role.MEMBER)


@pytest.fixture
def services(harness: BotHarness) -> Services:
    return harness.services


def test_codes_are_unambiguous_and_typed_loosely() -> None:
    for _ in range(50):
        code = new_code()
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("01ILO") & set(CODE_ALPHABET)
    assert normalize_code(" ｋ７ｍ-2qx ") == "K7M2QX"


async def test_join_codes_are_unique_and_checked(services: Services) -> None:
    async with services.unit() as unit:
        await unit.members.identify(Caller(1, "甲"))
        first = await unit.groups.create(ADMIN, "一组")
        second = await unit.groups.create(ADMIN, "  二组 ")
        assert first.join_code != second.join_code and second.name == "二组"
        joined = await unit.groups.join(member(1), first.join_code.lower())
        assert joined.group is not None and joined.group.name == "一组" and joined.changed
        moved = await unit.groups.join(member(1), second.join_code)
        assert moved.previous == "一组"
        with pytest.raises(UserFacingError) as bad:
            await unit.groups.join(member(1), "WRONG1")
        assert bad.value.message_id == "group-bad-code"
        renewed = await unit.groups.new_join_code(ADMIN, "二组")
        assert renewed.join_code != second.join_code
        with pytest.raises(UserFacingError):
            await unit.groups.join(member(1), second.join_code)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("本月", "group-name-ambiguous"),
        ("2020-05", "group-name-ambiguous"),
        # Not a date, but /top reads it as a mistyped one.
        ("2020-13", "group-name-ambiguous"),
        ("2020-05-01..2020-05", "group-name-ambiguous"),
        ("12", "group-name-ambiguous"),
        ("#3", "group-name-ambiguous"),
        ("-", "group-name-ambiguous"),
        ("长" * 101, "group-name-too-long"),
    ],
)
async def test_names_that_would_confuse_commands_are_refused(
    services: Services, name: str, problem: str
) -> None:
    async with services.unit() as unit:
        with pytest.raises(UserFacingError) as refused:
            await unit.groups.create(ADMIN, name)
    assert refused.value.message_id == problem


async def test_groups_are_found_by_name_code_or_number(services: Services) -> None:
    async with services.unit() as unit:
        info = await unit.groups.create(ADMIN, "Youth Group")
        for ref in ("Youth Group", "youth group", info.join_code.lower(), f"#{info.id}"):
            assert (await unit.groups.find(ref)).id == info.id
        with pytest.raises(UserFacingError):
            await unit.groups.find("nobody")


async def test_only_admins_manage_groups(services: Services) -> None:
    organiser = Actor(2, "乙", "zh", Role.ORGANISER)
    async with services.unit() as unit:
        await unit.members.identify(Caller(2, "乙"))
        with pytest.raises(PermissionDenied):
            await unit.groups.create(organiser, "三组")
        with pytest.raises(PermissionDenied):
            await unit.groups.move(organiser, "2", "-")
        with pytest.raises(PermissionDenied):
            await unit.groups.link_chat(organiser, "三组", -100)
        assert await unit.groups.list(organiser) == []
        with pytest.raises(PermissionDenied):
            await unit.groups.list(member(2))


async def test_a_chat_links_to_one_group_at_a_time(services: Services) -> None:
    async with services.unit() as unit:
        await unit.groups.create(ADMIN, "一组")
        await unit.groups.create(ADMIN, "二组")
        first = await unit.groups.link_chat(ADMIN, "一组", -100)
        assert first.changed and first.replaced is None
        second = await unit.groups.link_chat(ADMIN, "二组", -100)
        assert second.replaced == "一组"
        again = await unit.groups.link_chat(ADMIN, "二组", -100)
        assert not again.changed
        group = await unit.groups.group_of_chat(-100)
        assert group is not None and group.name == "二组"
        with pytest.raises(UserFacingError):
            await unit.groups.link_chat(ADMIN, "二组", 12345)


GROUPS_FILE = """\
groups:
  - name: 机关第一青年理论学习小组
    code: JG0001
    chat: -1001234567890
    members: [101, 102, "@wangwu"]
  - name: 财务处学习小组
  - 办公室学习小组
"""


async def test_the_groups_file_sets_up_groups_and_members(services: Services) -> None:
    specs = parse_groups_file(GROUPS_FILE)
    assert [spec.name for spec in specs] == [
        "机关第一青年理论学习小组",
        "财务处学习小组",
        "办公室学习小组",
    ]
    async with services.unit() as unit:
        await unit.members.identify(Caller(101, "张三"))
        await unit.members.identify(Caller(103, "王五", username="wangwu"))
        report = await unit.groups.import_groups(ADMIN, specs)
    assert report.created == [spec.name for spec in specs]
    assert (report.moved, report.registered, report.unknown) == (3, 1, [])
    async with services.unit() as unit:
        group = await unit.groups.find("JG0001")
        assert group.chat_id == -1001234567890
        placed = await unit.session.get(Member, 102)
        assert placed is not None and placed.study_group_id == group.id
        again = await unit.groups.import_groups(ADMIN, specs)
    assert again.created == [] and again.moved == 0 and len(again.unchanged) == 3
    # The member registered ahead gets their Telegram name at /start.
    async with services.unit() as unit:
        actor = await unit.members.identify(Caller(102, "李四"))
        assert actor.first_name == "李四"


def test_groups_file_problems_name_their_lines() -> None:
    broken = """\
groups:
  - name: 一组
    code: "!!"
    colour: red
  - name: 本月
  - name: 一组
  - name: 2020-13
  - name: 二组
    chat: 12345
    members: [abc def]
"""
    with pytest.raises(GroupsFileError) as raised:
        parse_groups_file(broken)
    problems = [(p.line, p.code) for p in raised.value.problems]
    assert problems == [
        (3, "bad-code"),
        (4, "unknown-key"),
        (5, "name-ambiguous"),
        (6, "duplicate-name"),
        (7, "name-ambiguous"),
        (9, "bad-chat"),
        (10, "bad-member"),
    ]
    with pytest.raises(GroupsFileError) as syntax:
        parse_groups_file("groups: [")
    assert syntax.value.problems[0].code == "yaml"
    with pytest.raises(GroupsFileError) as empty:
        parse_groups_file("title: x\n")
    assert empty.value.problems[0].code == "no-groups"


def test_members_typed_on_a_chinese_keyboard_are_read() -> None:
    """Full-width digits and ＠, as /move and /award take them: they are ids and names."""
    typed = "groups:\n  - name: 一组\n    members: [２０００３, ＠ｚｈａｎｇｓａｎ]\n"
    [spec] = parse_groups_file(typed)
    assert spec.members == ("20003", "@zhangsan")


@pytest.mark.parametrize(("text", "words", "line"), YAML_MISTAKES)
def test_yaml_mistakes_are_explained_in_chinese(text: str, words: str, line: int) -> None:
    with pytest.raises(GroupsFileError) as raised:
        parse_groups_file(text)
    [problem] = raised.value.problems
    assert (problem.line, problem.code) == (line, "yaml")
    message = describe_problem(problem, lambda key, args: translate("zh", key, args), "g.yaml")
    assert message.startswith(f"g.yaml:{line} YAML 语法错误：")
    assert words in message


def test_a_member_listed_in_two_groups_is_a_problem() -> None:
    # Importing would silently leave the member in whichever group came last.
    twice = """\
groups:
  - name: 一组
    members: [123, "@Zhang_San", 456]
  - name: 二组
    members:
      - 123
      - "@zhang_san"
      - 789
"""
    with pytest.raises(GroupsFileError) as raised:
        parse_groups_file(twice)
    problems = [(p.line, p.code, p.args) for p in raised.value.problems]
    assert problems == [
        (6, "duplicate-member", {"member": "123", "group": "一组", "first": 3}),
        (7, "duplicate-member", {"member": "@zhang_san", "group": "一组", "first": 3}),
    ]
    # Listed twice in the same group is harmless.
    [spec] = parse_groups_file("groups:\n  - name: 一组\n    members: [1, 1]\n")
    assert spec.members == ("1", "1")


async def test_every_problem_of_a_groups_file_comes_in_one_pass(
    services: Services, tmp_path: Path
) -> None:
    async with services.unit() as unit:
        taken = await unit.groups.create(ADMIN, "已有小组")
    path = tmp_path / "groups.yaml"
    path.write_text(
        f"""\
groups:
  - name: 一组
    code: ABC234
  - name: 二组
    code: abc-234
  - name: 三组
    members: [abc def]
  - name: 四组
    code: {taken.join_code}
""",
        encoding="utf-8",
    )
    async with services.unit() as unit:
        with pytest.raises(GroupsFileError) as raised:
            await unit.groups.import_file(ADMIN, path)
    problems = [(p.line, p.code, p.args) for p in raised.value.problems]
    assert problems == [
        (4, "duplicate-code", {"code": "ABC234", "first": 2}),
        (7, "bad-member", {"member": "abc def"}),
        (8, "code-taken", {"code": taken.join_code}),
    ]
    async with services.unit() as unit:
        assert [g.name for g in await unit.groups.list(ADMIN)] == ["已有小组"]


def test_the_example_groups_file_is_valid() -> None:
    specs = load_groups_file(REPO / "groups.example.yaml")
    assert len(specs) >= 2


def test_an_unreadable_groups_file(tmp_path: Path) -> None:
    with pytest.raises(GroupsFileError) as raised:
        load_groups_file(tmp_path / "missing.yaml")
    assert raised.value.problems[0].code == "unreadable"
