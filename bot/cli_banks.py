"""`studybot import` and `studybot export-bank`: question banks in and out of the YAML format.

    studybot import FILE [--bank ID] [--title T] [--out quizzes/NAME.yaml] [--skip-bad] [--force]
    studybot import --template [PATH]
    studybot export-bank ID --format xlsx|gift|aiken [--out PATH] [--force]

Nothing is written when the input has errors, unless --skip-bad (then the questions with
errors are left out and listed); an existing output file is only replaced with --force.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.cli_parsing import MakeCommand
from bot.config import Config, load_config
from bot.content import exporters
from bot.content.bank_writer import write_atomically
from bot.content.banks import load_banks
from bot.content.importers import FORMATS, import_bank
from bot.content.importers.report import positions, summary_lines
from bot.locales import Translator, translate

DEFAULT_TEMPLATE = Path("question-bank-template.xlsx")
_LISTED_IDS = 10


def add_commands(command: MakeCommand, t: Translator) -> None:
    imp = command("import")
    imp.add_argument("file", nargs="?", type=Path, help=t("cli-import-file"))
    imp.add_argument("--bank", dest="bank_id", help=t("cli-import-bank"))
    imp.add_argument("--title", help=t("cli-import-title"))
    imp.add_argument("--out", type=Path, help=t("cli-import-out"))
    imp.add_argument("--format", choices=FORMATS, help=t("cli-import-format"))
    imp.add_argument("--skip-bad", action="store_true", help=t("cli-import-skip-bad"))
    imp.add_argument("--force", action="store_true", help=t("cli-force"))
    imp.add_argument(
        "--template",
        nargs="?",
        const=DEFAULT_TEMPLATE,
        type=Path,
        metavar="PATH",
        help=t("cli-import-template", default=str(DEFAULT_TEMPLATE)),
    )
    imp.set_defaults(func=cmd_import)

    exp = command("export-bank")
    exp.add_argument("bank_id", metavar="ID", help=t("cli-export-bank-id"))
    exp.add_argument(
        "--format", choices=exporters.FORMATS, default="xlsx", help=t("cli-export-bank-format")
    )
    exp.add_argument("--out", type=Path, help=t("cli-export-bank-out"))
    exp.add_argument("--force", action="store_true", help=t("cli-force"))
    exp.set_defaults(func=cmd_export_bank)


def _say(config: Config, message_id: str, *, err: bool = False, **args: Any) -> None:
    print(translate(config.language, message_id, args), file=sys.stderr if err else sys.stdout)


def _list(config: Config, words: Iterable[str]) -> str:
    return translate(config.language, "list-separator").join(words)


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def cmd_import(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.template is not None:
        return _write_template(config, args.template, force=args.force)
    if args.file is None:
        _say(config, "import-need-file", err=True)
        return 2
    source: Path = args.file
    try:
        data = source.read_bytes()
    except OSError:
        _say(config, "import-file-missing", err=True, path=str(source))
        return 2
    result = import_bank(
        data,
        source.name,
        label=str(source),
        bank_id=args.bank_id,
        title=args.title,
        fmt=args.format,
    )
    for line in summary_lines(result, config.language):
        print(line)
    if not result.writable(args.skip_bad) or result.bank is None or result.yaml_text is None:
        if result.bank is None:
            _say(config, "import-not-written-file", err=True)
        else:
            _say(config, "import-not-written", err=True, count=len(result.bad_lines))
        return 1
    bank = result.bank
    out: Path = args.out or config.quizzes_path / f"{bank.id}.yaml"
    if out.exists() and not args.force:
        _say(config, "import-out-exists", err=True, path=str(out))
        return 1
    if out.parent.exists() and _same_file(out.parent, config.quizzes_path):
        # The output joins the bank folder: its id must not clash with another file's.
        for other in load_banks(config.quizzes_path, base=config.base_dir).banks:
            if other.id == bank.id and not _same_file(config.resolve(Path(other.path)), out):
                _say(config, "import-bank-id-taken", err=True, id=bank.id, other=other.path)
                return 1
    write_atomically(out, result.yaml_text.encode("utf-8"))
    _say(config, "import-written", path=str(out), id=bank.id, total=len(bank))
    if result.bad_lines:
        where = positions(result.bad_lines)
        _say(config, "import-skipped", count=len(result.bad_lines), where=where)
    return 0


def _write_template(config: Config, path: Path, *, force: bool) -> int:
    if path.exists() and not force:
        _say(config, "import-out-exists", err=True, path=str(path))
        return 1
    csv_wanted = path.suffix.lower() == ".csv"
    write_atomically(path, exporters.template_csv() if csv_wanted else exporters.template_xlsx())
    written = "import-template-written-csv" if csv_wanted else "import-template-written"
    _say(config, written, path=str(path))
    return 0


def cmd_export_bank(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    catalog = load_banks(config.quizzes_path, base=config.base_dir)
    bank = catalog.by_id(args.bank_id)
    fmt: str = args.format
    name = fmt.upper() if fmt != "aiken" else "Aiken"
    if bank is None:
        ids = _list(config, (b.id for b in catalog.banks)) or "-"
        _say(config, "export-bank-unknown", err=True, id=args.bank_id, ids=ids)
        return 1
    export = exporters.export_bank(bank, fmt)
    kept = len(bank) - len(export.skipped)
    if export.skipped:
        ids = _list(config, (q.id for q in export.skipped[:_LISTED_IDS]))
        if len(export.skipped) > _LISTED_IDS:
            ids += "…"
        _say(config, "export-skipped", format=name, count=len(export.skipped), ids=ids)
    if not kept:
        _say(config, "export-nothing", err=True, id=bank.id, format=name)
        return 1
    out: Path = args.out or Path(f"{bank.id}{exporters.SUFFIXES[fmt]}")
    if out.exists() and not args.force:
        _say(config, "import-out-exists", err=True, path=str(out))
        return 1
    write_atomically(out, export.data)
    _say(config, "export-written", id=bank.id, count=kept, path=str(out), format=name)
    return 0
