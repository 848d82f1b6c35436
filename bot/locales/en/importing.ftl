# Importing question banks (studybot import, a bank file sent to the bot) and exporting them
# (studybot export-bank). Every problem names the source file's row or line and the fix.

## Where a problem is
import-at-row = { $file } row { $line }{ $item }: { $message }
import-at-line = { $file } line { $line }{ $item }: { $message }
import-at-file = { $file }: { $message }

## Problems with the whole file
problem-import-unsupported-format = This kind of file is not supported. Use one of: { $suffixes } (Excel, CSV, Aiken, GIFT, text with 【答案】, or a bank YAML file).
problem-import-legacy-xls = This is an old Excel file (.xls). Save it as .xlsx in Excel or WPS ("Save as") and import that.
problem-import-word-document = Word and PDF documents cannot be read directly. Save it as plain text (.txt, UTF-8) in Word or WPS and import that; the layout is described in quizzes/README.md.
problem-import-file-encoding = The file's text encoding is not recognised (neither UTF-8 nor GBK). Save the file as UTF-8.
problem-import-xlsx-invalid = This Excel file cannot be opened ({ $detail }). Make sure it is an undamaged .xlsx file, or fill in a fresh template (studybot import --template).
problem-import-formula-no-value = Cell { $cells } holds a formula, but the file holds no result for it (so it is with a file written by a program and never opened and saved in Excel), so it cannot be read. Open the file in Excel or WPS, save it and import it again, or replace the formula with its text.
problem-import-no-header = No header row found. The sheet needs a row of column names with at least { $expected }, as in the template (题型, 题目, 选项A…, 答案, 解析). Add the header row.
problem-import-column-ignored = Unknown column { $column }, left out (warning). Known columns: 编号 id, 题型 type, 题目 question, 选项A–选项L options (or one 选项 column listing them all), 答案 answer, 解析 explanation, 标签 tags, 难度 difficulty, 时限 time limit, 出处 source.
problem-import-column-duplicate = Column { $column } appears twice (first in column { $first }). Remove or rename one of them.
problem-import-meta-ignored = Unknown entry { $key } in the 题库信息 sheet, left out (warning). Known entries: 编号 id, 标题 title, 简介 description, 标签 tags, 启用 enabled, 默认时限 default time limit, 默认难度 default difficulty.
problem-import-enabled-invalid = The 启用 (enabled) value { $value } is not valid. Write 是 (yes) or 否 (no).
problem-import-too-many = More than { $max } questions. Split the bank into several files and import each.
problem-import-no-questions = No questions found in the file. Compare it with the template or the layouts in quizzes/README.md.
problem-import-bank-id-invalid = Bank id { $id } is not valid: use lowercase letters, digits, - and _ (at most 64 characters). Correct the id: in the 题库信息 sheet, with --bank on the command line, or at the start of the caption when sending the file to the bot, e.g. party-basics 党章基础.
problem-import-explanations-missing = { $count } { $count ->
    [one] question has
   *[other] questions have
  } no explanation (warning), at rows/lines { $where }. An explanation is shown to members after they answer; consider adding one.

## Problems with one question
problem-import-id-invalid = Question id { $id } is not valid: use letters, digits, - and _ (at most 64 characters). Correct it, or leave it blank to have one given.
problem-import-id-duplicate = Question id { $id } is already used by the question at row/line { $first }. Change one of the two ids.
problem-import-type-unknown = Unknown question type { $type }. Known types: { $valid }. Correct it, or leave it blank to let the answer decide.
problem-import-text-missing = The question text is empty. Write the question.
problem-import-text-too-long = The question has { $length } characters, more than { $max } (the limit of Telegram quiz polls). Shorten it.
problem-import-options-not-allowed = A { $type ->
    [judge] true/false
   *[other] fill-in
  } question cannot have options (true/false buttons are always True/False, or 正确/错误 in Chinese). Remove the options or correct the type.
problem-import-options-too-few = This choice question has { $count } { $count ->
    [one] option
   *[other] options
  }; it needs at least { $min }. Add options or correct the type.
problem-import-options-too-many = { $count } options; at most { $max } (A to L). Remove some.
problem-import-option-gap = Option { $letter } is empty but later options are filled. Fill the options in order, with no gaps.
problem-import-option-too-long = Option { $letter } has { $length } characters, more than { $max } (the limit of Telegram quiz polls). Shorten it.
problem-import-option-duplicate = Option { $letter } is the same as option { $first }. Change one of them.
problem-import-answer-missing = The answer is missing. Write it: option letters for choice questions, 对 or 错 for true/false, the answer for fill-in.
problem-import-answer-invalid = Answer { $answer } is not valid: write option letters ({ $valid }); several letters as ACD or A、C、D.
problem-import-answer-is-option-text = The multiple-choice answer { $answer } is an option's text. Write option letters instead (e.g. { $letter }).
problem-import-answer-not-in-options = Answer { $answer } is not among the options: this question's letters are { $valid }. Correct the answer or add the option.
problem-import-answer-single-multiple = A single-choice question has one answer, but this one has { $answer }. Keep one letter, or make the type 多选 (multiple): in a spreadsheet, 多选 in the 题型 column; in a text, under a 多选题 heading, or 【多选题】 after the number.
problem-import-judge-answer-invalid = True/false answer { $answer } is not valid. Write 对, 错, 正确, 错误, √ or ×.
problem-import-fill-variant-empty = Fill-in answer "{ $variant }" is empty once spaces and punctuation are removed, so it cannot be compared. Correct or remove it.
problem-import-difficulty-invalid = Difficulty { $value } is not valid: write a whole number from 1 to 5, or 易 (easy), 较易, 中 (medium), 较难 or 难 (hard); 容易, 简单, 中等, 一般 and 困难 work too. Correct it or leave it blank.
problem-import-time-limit-invalid = Time limit { $value } is not valid: write whole seconds, 0 or more (0 = no limit), or minutes and seconds as 30秒, 1分钟, 1分30秒. Correct it or leave it blank.
problem-import-aiken-no-answer = This question has no "ANSWER: letter" line (the last line of each Aiken question). Add one after the options, e.g. ANSWER: B.
problem-import-aiken-stray-answer = This ANSWER line has no question and options before it. Check that the question above is complete.
problem-import-gift-unsupported = A { $kind ->
    [matching] matching question
    [numerical] numerical question
    [essay] essay question
   *[other] description without answers
  } has no counterpart among the bank's four types (single, multiple, true/false, fill-in). Remove or rewrite it, or leave it out with --skip-bad.
problem-import-gift-unclosed = The answers are missing their closing brace { "}" }. Add it.
problem-import-gift-no-correct = This choice question has no correct answer: start the right option with = (multiple answers: a positive weight such as ~%50%). Mark the right answer.
problem-import-answer-twice = The question at line { $first } already has the answer "{ $previous }"; this line gives another, "{ $answer }", so the question was left out. If a new question should start above this line, number it (1. 1、 （1） or 第1题).
problem-import-answer-key-extra = The answer key gives an answer for question { $number }, but the paper has no question { $number }, so the key cannot be matched with the questions and nothing in the file was imported. Check the numbering: a question's number may not have been recognised (number questions 1. 1、 （1） or 第1题), or the key has one answer too many.
problem-import-answer-key-missing = Question { $number } has no answer: none under the question, and the answer key has none for { $number }. Add it to the key, or write 【答案】 under the question.
problem-import-answer-key-conflict = The answer under the question is "{ $answer }", but the answer key (line { $where }) says "{ $key }", so the question was left out. Correct one of them.
problem-import-answer-key-range = The answer key on line { $where } says "{ $first }-{ $last } { $text }": questions { $first } to { $last } need { $expected } { $expected ->
    [one] answer
   *[other] answers
  }, one each, but it gives { $count }, so the answer of this question is unknown and it was left out. Correct that line: one character a question for single-choice and true/false (1-5 ACBDA), and multiple-choice or fill-in answers separated by 、 or spaces (21-23 AB、ACD、BC).
problem-import-line-ignored = This line belongs to no question and was left out (warning): "{ $text }". If it is part of a question, check the question number and the 【答案】/【解析】 markers.

## Import summary
import-summary-found = { $file } ({ $format }): { $found } { $found ->
    [one] question
   *[other] questions
  } found.
import-summary-unreadable = { $file }: this file cannot be read.
import-summary-bank = Bank { $id } "{ $title }": { $total } { $total ->
    [one] question
   *[other] questions
  } can be imported ({ $single } single, { $multiple } multiple, { $judge } true/false, { $fill } fill-in).
import-summary-problems = { $errors } { $errors ->
    [one] error
   *[other] errors
  } and { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
  } found:
import-summary-clean = No problems found.
import-summary-more = …and { $count } { $count ->
    [one] more problem
   *[other] more problems
  } (studybot import lists them all).

## Command line
import-written = Wrote { $path }: bank { $id }, { $total } { $total ->
    [one] question
   *[other] questions
  }. studybot check checks every bank again.
import-skipped = Left out { $count } { $count ->
    [one] question
   *[other] questions
  } with errors (at rows/lines { $where }); the others were written.
import-not-written = Nothing written: { $count } { $count ->
    [one] question has
   *[other] questions have
  } errors. Fix the source file as shown above and try again, or add --skip-bad to write only the questions without errors.
import-not-written-file = Nothing written. Fix the source file as shown above and try again.
import-out-exists = The output file { $path } already exists; nothing written. Add --force to replace it, or choose another name with --out.
import-file-missing = File { $path } not found. Check the name and the path.
import-bank-id-taken = Bank id { $id } is already used by { $other }; nothing written. Choose another id with --bank, or replace that file with --out and --force.
import-need-file = Name the file to import (studybot import bank.xlsx), or write a template with studybot import --template.
import-template-written = Wrote the template { $path }. Fill in one question per row of the 题目 sheet, then run studybot import { $path }.
import-template-written-csv = Wrote the template { $path }. Fill in one question per row (keep the first row, the column names), then run studybot import { $path }.
export-written = Exported { $count } { $count ->
    [one] question
   *[other] questions
  } of bank { $id } to { $path } ({ $format }).
export-skipped = { $format } holds single-choice questions only: { $count } { $count ->
    [one] question was
   *[other] questions were
  } left out ({ $ids }).
export-bank-unknown = No bank { $id }. Banks: { $ids }.
export-nothing = Bank { $id } has no question that { $format } can hold; nothing written.

## The bot: an admin sends a bank file
upload-hint-confirm = Once confirmed, the bank is added and members can answer it in /quiz and /practice.
upload-hint-caption = The bank id comes from the file name. To choose it, write the id in the file's caption when sending it, e.g. party-basics.
upload-replace = Note: bank { $id } "{ $title }" already exists ({ $total } { $total ->
    [one] question
   *[other] questions
  }); confirming replaces it with this file.
upload-hint-skip = The { $count } { $count ->
    [one] question
   *[other] questions
  } with errors will not be added. You can also fix the file and send it again.
upload-hint-fix = Nothing can be added. Fix the file as shown and send it again.
upload-button-confirm = Confirm
upload-button-skip = Add the { $count } good { $count ->
    [one] question
   *[other] questions
  }
upload-button-cancel = Cancel
upload-added = Added bank { $id } "{ $title }": { $total } { $total ->
    [one] question
   *[other] questions
  }, saved as { $path }.
upload-replaced = Updated bank { $id } "{ $title }": now { $total } { $total ->
    [one] question
   *[other] questions
  }, saved as { $path }.
upload-cancelled = Cancelled; the banks are unchanged.
upload-expired = This upload was already handled or has expired. Send the file again to add it.
upload-too-big = The file is too big ({ $size } bytes). A bank file may have at most { $max } bytes; split it and send the parts.
upload-admins-only = Only admins can send files to add question banks; the bot cannot read other files. To answer, press a button or reply with text; send /help to see the commands.
upload-failed = The bank did not load after writing, so the previous bank file was put back. studybot check shows why: { $detail }
