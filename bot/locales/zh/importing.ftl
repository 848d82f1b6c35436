# 导入题库（studybot import、向机器人发送题库文件）与导出题库（studybot export-bank）。
# 每条问题都指出源文件的行号，并说明如何修改。

## 问题所在的位置
import-at-row = { $file } 第 { $line } 行{ $item }：{ $message }
import-at-line = { $file } 第 { $line } 行{ $item }：{ $message }
import-at-file = { $file }：{ $message }

## 整个文件的问题
problem-import-unsupported-format = 不支持这种文件。请使用以下格式之一：{ $suffixes }（Excel 表格、CSV、Aiken、GIFT、带【答案】的文本，或题库 YAML 文件）。
problem-import-legacy-xls = 这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为” .xlsx 格式后重新导入。
problem-import-word-document = 不能直接读取 Word/PDF 文档。请在 Word 或 WPS 中“另存为”纯文本（.txt，UTF-8 编码）后导入，题目格式见 quizzes/README.md。
problem-import-file-encoding = 无法识别文件的文字编码（不是 UTF-8，也不是 GBK）。请用 UTF-8 编码另存此文件。
problem-import-xlsx-invalid = 无法打开这个 Excel 文件（{ $detail }）。请确认它是 .xlsx 格式且没有损坏，或用模板重新填写（studybot import --template）。
problem-import-formula-no-value = 单元格 { $cells } 是公式，但文件中没有保存公式的计算结果（由程序生成、从未在 Excel 中打开保存过的文件就是这样），无法读取。请用 Excel 或 WPS 打开这个文件，保存后重新导入；或把公式改为文字。
problem-import-no-header = 找不到表头行。表格必须有一行列名，至少包含 { $expected } 两列，例如模板中的“题型、题目、选项A……、答案、解析”。请添加表头行。
problem-import-column-ignored = 不认识的列 { $column }，已忽略（提醒）。可用的列：编号、题型、题目、选项A 至 选项L（或一列“选项”写全部选项）、答案、解析、标签、难度、时限、出处。
problem-import-column-duplicate = 列 { $column } 出现了两次（第一次在 { $first } 列）。请删除或改名其中一列。
problem-import-meta-ignored = “题库信息”表中不认识的项目 { $key }，已忽略（提醒）。可用的项目：编号、标题、简介、标签、启用、默认时限、默认难度。
problem-import-enabled-invalid = “启用”的值 { $value } 无效。请填写 是 或 否。
problem-import-too-many = 题目超过 { $max } 道。请把题库拆成几个文件分别导入。
problem-import-no-questions = 文件中没有找到题目。请对照模板或 quizzes/README.md 中的格式检查文件。
problem-import-bank-id-invalid = 题库编号 { $id } 无效：只能使用小写字母、数字、- 和 _（最多 64 个字符）。请改正编号：在“题库信息”表里，或命令行的 --bank，或发给机器人时文件说明（caption）的开头，例如 party-basics 党章基础。
problem-import-explanations-missing = { $count } 道题没有解析（提醒），位置（行号）：{ $where }。建议填写解析，答题后会显示给党员。

## 每道题的问题
problem-import-id-invalid = 题目编号 { $id } 无效：只能使用字母、数字、- 和 _（最多 64 个字符）。请改正编号，或留空由导入时自动编号。
problem-import-id-duplicate = 题目编号 { $id } 与第 { $first } 行的题目重复。请改正其中一个编号。
problem-import-type-unknown = 不认识的题型 { $type }。可用的题型：{ $valid }。请改正题型，或留空由答案判断。
problem-import-text-missing = 题目内容是空的。请填写题目。
problem-import-text-too-long = 题目有 { $length } 个字，超过 { $max } 字（Telegram 测验投票的上限）。请精简题目。
problem-import-options-not-allowed = { $type ->
    [judge] 判断题
   *[other] 填空题
  }不能有选项（判断题的按钮固定为“正确/错误”）。请删除选项，或改正题型。
problem-import-options-too-few = 选择题只有 { $count } 个选项，至少需要 { $min } 个。请补充选项，或改正题型。
problem-import-options-too-many = 有 { $count } 个选项，最多 { $max } 个（A 至 L）。请删减选项。
problem-import-option-gap = 选项 { $letter } 是空的，但后面还有选项。请按顺序填写选项，中间不要留空。
problem-import-option-too-long = 选项 { $letter } 有 { $length } 个字，超过 { $max } 字（Telegram 测验投票的上限）。请精简该选项。
problem-import-option-duplicate = 选项 { $letter } 与选项 { $first } 内容相同。请修改其中一个。
problem-import-answer-missing = 缺少答案。请填写答案：选择题写选项字母，判断题写 对 或 错，填空题写答案。
problem-import-answer-invalid = 答案 { $answer } 无效：请写选项字母（可用 { $valid }），多选题可写 ACD 或 A、C、D。
problem-import-answer-is-option-text = 多选题的答案 { $answer } 写的是选项内容。请改写为选项字母（例如 { $letter }）。
problem-import-answer-not-in-options = 答案 { $answer } 不在选项中：这道题的选项字母为 { $valid }。请改正答案或补充选项。
problem-import-answer-single-multiple = 单选题只能有一个答案，现在是 { $answer }。请只保留一个字母，或把题型改为多选（表格：“题型”列写多选；文本：放到“多选题”标题下，或在题号后写【多选题】）。
problem-import-judge-answer-invalid = 判断题答案 { $answer } 无效。请写 对、错、正确、错误、√ 或 ×。
problem-import-fill-variant-empty = 填空答案“{ $variant }”去掉空格和标点后为空，无法比对。请改正或删除这个写法。
problem-import-difficulty-invalid = 难度 { $value } 无效：请写 1 至 5 的整数，或 易、较易、中、较难、难（容易、简单、中等、一般、困难 也可以）。请改正或留空。
problem-import-time-limit-invalid = 时限 { $value } 无效：请写不小于 0 的整数秒数（0 表示不限时），或写成 30秒、1分钟、1分30秒。请改正或留空。
problem-import-aiken-no-answer = 这道题没有“ANSWER: 字母”一行（Aiken 格式每道题的最后一行）。请在选项后添加，例如 ANSWER: B。
problem-import-aiken-stray-answer = 这一行 ANSWER 前面没有题目和选项。请检查上面的题目是否完整。
problem-import-gift-unsupported = { $kind ->
    [matching] 匹配题
    [numerical] 数值题
    [essay] 问答题
   *[other] 没有答案的说明文字
  }无法转换为题库的四种题型（单选、多选、判断、填空）。请删除或改写这道题，或使用 --skip-bad 跳过。
problem-import-gift-unclosed = 答案部分缺少右大括号 { "}" }。请补上。
problem-import-gift-no-correct = 选择题没有正确答案：正确选项要以 = 开头（多选题用正的分值，如 ~%50%）。请标出正确答案。
problem-import-answer-twice = 第 { $first } 行的题目已有答案“{ $previous }”，这一行又写了答案“{ $answer }”，这道题未导入。如果这一行之前应是新的一道题，请给它写上题号（1. 1、 （1） 或 第1题）。
problem-import-answer-key-extra = 参考答案中有第 { $number } 题的答案，但试题中没有第 { $number } 题，所以无法确定参考答案与题目的对应，整份文件未导入。请检查题号：可能某道题的题号没有被识别（题号写 1. 1、 （1） 或 第1题），或参考答案多写了一题。
problem-import-answer-key-missing = 第 { $number } 题没有答案：题目下没有写答案，参考答案中也没有第 { $number } 题。请在参考答案中补上，或在题目下写【答案】。
problem-import-answer-key-conflict = 题目下写的答案是“{ $answer }”，但参考答案（第 { $where } 行）写的是“{ $key }”，这道题未导入。请改正其中一个。
problem-import-answer-key-range = 第 { $where } 行的参考答案“{ $first }-{ $last } { $text }”应有 { $expected } 个答案（第 { $first } 至 { $last } 题各一个），现在是 { $count } 个，无法确定每道题的答案，这道题未导入。请改正那一行：单选、判断题每题一个字符（1-5 ACBDA），多选、填空题的答案之间用顿号或空格隔开（21-23 AB、ACD、BC）。
problem-import-line-ignored = 这一行不属于任何题目，已忽略（提醒）：“{ $text }”。如果它是题目的一部分，请检查题号和【答案】【解析】标记。

## 导入结果摘要
import-summary-found = { $file }（{ $format }）：找到 { $found } 道题。
import-summary-unreadable = { $file }：无法读取这个文件。
import-summary-bank = 题库 { $id }《{ $title }》：可导入 { $total } 道题（单选 { $single }，多选 { $multiple }，判断 { $judge }，填空 { $fill }）。
import-summary-problems = 发现 { $errors } 个错误、{ $warnings } 个提醒：
import-summary-clean = 没有发现问题。
import-summary-more = ……还有 { $count } 个问题未列出（运行 studybot import 可看到全部）。

## 命令行
import-written = 已写入 { $path }：题库 { $id }，{ $total } 道题。运行 studybot check 可再次检查全部题库。
import-skipped = 已跳过 { $count } 道有错误的题目（第 { $where } 行），其余题目已写入。
import-not-written = 未写入任何文件：{ $count } 道题有错误。请按上面的提示修改源文件后重试，或加 --skip-bad 只写入没有错误的题目。
import-not-written-file = 未写入任何文件。请按上面的提示修改源文件后重试。
import-out-exists = 输出文件 { $path } 已存在，未写入。如要覆盖，请加 --force，或用 --out 指定其他文件名。
import-file-missing = 找不到文件 { $path }。请检查文件名和路径。
import-bank-id-taken = 题库编号 { $id } 已被 { $other } 使用，未写入。请用 --bank 换一个编号，或用 --out 指定那个文件并加 --force 替换它。
import-need-file = 请指定要导入的文件（studybot import 题库.xlsx），或用 studybot import --template 生成模板。
import-template-written = 已写入模板 { $path }。在“题目”表中每行填写一道题，然后运行 studybot import { $path }。
import-template-written-csv = 已写入模板 { $path }。每行填写一道题（第一行是列名，请保留），然后运行 studybot import { $path }。
export-written = 已把题库 { $id } 的 { $count } 道题导出到 { $path }（{ $format }）。
export-skipped = { $format } 格式只能保存单选题：跳过了 { $count } 道题（{ $ids }）。
export-bank-unknown = 找不到题库 { $id }。现有题库：{ $ids }。
export-nothing = 题库 { $id } 中没有 { $format } 格式能保存的题目，未写入文件。

## 机器人：管理员发送题库文件
upload-hint-confirm = 确认后将添加到题库，党员即可在 /quiz、/practice 中答题。
upload-hint-caption = 题库编号由文件名生成。如需指定编号，请在发送文件时把编号写在说明（caption）里，例如 party-basics。
upload-replace = 注意：题库 { $id }《{ $title }》已存在（{ $total } 道题），确认后将用这个文件替换它。
upload-hint-skip = 有错误的 { $count } 道题不会添加。也可以修改文件后重新发送。
upload-hint-fix = 没有可以添加的题目。请按提示修改文件后重新发送。
upload-button-confirm = 确认
upload-button-skip = 只添加无误的 { $count } 道题
upload-button-cancel = 取消
upload-added = 已添加题库 { $id }《{ $title }》：{ $total } 道题，保存为 { $path }。
upload-replaced = 已更新题库 { $id }《{ $title }》：现在有 { $total } 道题，保存为 { $path }。
upload-cancelled = 已取消，题库没有变化。
upload-expired = 这次上传已经处理过或已过期。如需添加，请重新发送文件。
upload-too-big = 文件太大（{ $size } 字节）。题库文件最大 { $max } 字节，请拆分后分别发送。
upload-admins-only = 只有管理员可以发送文件添加题库；其他文件机器人看不懂。答题请点按钮或回复文字；发送 /help 查看命令。
upload-failed = 写入后题库未能加载，已恢复原来的题库文件。请运行 studybot check 查看原因：{ $detail }
