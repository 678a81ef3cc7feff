"""The message catalogue: every sentence perfeval shows, in en and zh, as data.

Three concerns, each a table of ``key: (en, zh)``:

- :data:`CLI` – what the command line says in its own voice (``perfeval: …``,
  summary lines, the words of ``frameworks``);
- :data:`WORDS` – short labels: severities, finding code names, grade labels;
- :data:`ERRORS` – the sentences of invalid-input problems. The English
  template is also the pattern :func:`perfeval.i18n.translate` matches a
  problem's English message against; ``{name}`` params are carried over into
  the Chinese template unchanged (what the user wrote is quoted as written).

:data:`PHRASES` are fragments that appear as params (``found a list``).
Both languages of a key take the same params (tested in tests/test_i18n.py).
"""

from __future__ import annotations

__all__ = [
    "ARGPARSE",
    "CATALOGUE",
    "CLI",
    "ERRORS",
    "FORMS",
    "HELP",
    "ONE_LANGUAGE_PARAMS",
    "PHRASES",
    "WORDS",
    "YAML_CONTEXTS",
    "YAML_PROBLEMS",
]

CLI: dict[str, tuple[str, str]] = {
    "cli.summary": (
        "{name}: valid; total {total} / {max} ({percent}%, {grade}), "
        "{findings} finding(s), {warnings} warning(s)",
        "{name}：有效；总分 {total} / {max}（{percent}%，{grade}），"
        "需说明事项 {findings} 项，其中警告 {warnings} 项",
    ),
    "cli.xlsx-needs-output": (
        "perfeval: --format xlsx writes a workbook: give -o FILE.xlsx",
        "perfeval：--format xlsx 生成工作簿，请用 -o FILE.xlsx 指定文件",
    ),
    "cli.is-directory": (
        "perfeval: {path}: is a folder; to score every card in it, run: perfeval batch {path}",
        "perfeval：{path}：是文件夹；要评分其中每张自评表，请运行：perfeval batch {path}",
    ),
    "cli.no-cards": (
        "perfeval: no scorecard was found in {paths} (looked for *.yaml, *.yml)",
        "perfeval：在 {paths} 中没有找到自评表（查找 *.yaml、*.yml）",
    ),
    "cli.unmatched": (
        "{path}: (file): matched no scorecard file (*.yaml, *.yml)",
        "{path}: (file): 没有匹配到自评表文件（*.yaml、*.yml）",
    ),
    "cli.unmatched-form": (
        "{path}: (file): matched no scorecard or form file "
        "(*.yaml, *.yml, *.docx, *.html, *.htm, *.pdf, *.xlsx)",
        "{path}: (file): 没有匹配到自评表或表格文件"
        "（*.yaml、*.yml、*.docx、*.html、*.htm、*.pdf、*.xlsx）",
    ),
    "cli.jobs": (
        "perfeval: --jobs must be from 0 to {most}; found {found}",
        "perfeval：--jobs 须在 0 到 {most} 之间；实际为 {found}",
    ),
    "cli.width": (
        "perfeval: --width must be 0 (no limit) or a number of columns; found {found}",
        "perfeval：--width 须为 0（不限）或列数；实际为 {found}",
    ),
    "cli.interrupted": (
        "perfeval: interrupted; no output file was changed",
        "perfeval：已中断；没有修改任何输出文件",
    ),
    "cli.stopped": (
        "perfeval: stopped by {signal}; no output file was changed",
        "perfeval：被 {signal} 终止；没有修改任何输出文件",
    ),
    "cli.error": ("perfeval: {text}", "perfeval：{text}"),
    "cli.os-error": ("perfeval: {name}: {reason}", "perfeval：{name}：{reason}"),
    "cli.note": ("perfeval: note: {text}", "perfeval：提示：{text}"),
    "cli.excel-missing": (
        "the Excel extra is not installed: pip install 'perfeval[excel]'",
        "未安装 Excel 扩展：pip install 'perfeval[excel]'",
    ),
    "cli.progress": ("{done}/{total} cards", "{done}/{total} 张"),
    "fw.line": ("{id}\t{name}\t{groups}", "{id}\t{name}\t{groups}"),
    "fw.total": (
        "total {total}, grade scale {scale}",
        "总分 {total}，评价等级 {scale}",
    ),
    "fw.budget-group": (" (the budget block)", "（预算执行率）"),
    "fw.aspect": ("    aspect {id}: {names}", "    方面 {id}：{names}"),
    "fw.standards": (
        "\nstandard indicators (standard: ID or NAME):",
        "\n标准指标（standard: ID 或名称）：",
    ),
    "fw.points": ("{points} points", "{points}分"),
    "fw.points-by-card": ("points set by the card", "分值由自评表给出"),
    "fw.standard": (
        "  {id}: {name}{formula}; {points}; target {target}",
        "  {id}：{name}{formula}；{points}；目标 {target}",
    ),
}

WORDS: dict[str, tuple[str, str]] = {
    "severity.warning": ("warning", "警告"),
    "severity.info": ("info", "提示"),
    "code.deviation-unexplained": ("deviation unexplained", "偏差未说明"),
    "code.over-achieved": ("over-achieved", "超额完成"),
    "code.budget-under-executed": ("budget under-executed", "预算执行不足"),
    "code.reported-mismatch": ("reported figure differs", "填报与复核不符"),
    "code.reported-sum-mismatch": ("reported scores do not add up", "填报得分合计不符"),
    "code.weights-off-total": ("points off the total", "分值合计不符"),
    "code.group-weights-depart": ("group points depart", "一级指标分值与体系不同"),
    "code.budget-missing": ("budget missing", "缺少预算数据"),
    "code.actual-missing": ("actual missing", "缺少实际完成值"),
    "code.target-missing": ("target missing", "缺少年度指标值"),
    "code.actual-not-a-figure": ("actual not a figure", "实际完成值不是数值"),
    "code.actual-unit-mismatch": ("actual in another unit", "实际完成值单位不符"),
    "code.budget-rate-mismatch": ("printed rate differs", "执行率填报有误"),
    "code.actual-looks-like-fraction": ("actual looks like a fraction", "实际值疑为小数"),
    "code.target-looks-like-fraction": ("target looks like a fraction", "目标值疑为小数"),
    "code.score-adjusted": ("score adjusted", "评分经调整"),
    "code.actual-has-comparator": ("actual has a comparator", "实际值带比较符"),
    "code.actual-approximate": ("actual approximate", "实际值为约数"),
    "code.budget-behind": ("budget behind pace", "支出慢于序时进度"),
    "finding.line": (
        "[{severity}] {code}{where}: {text}",
        "[{severity}] {name}（{code}）{where}：{text}",
    ),
    "grade.label": ("{en} ({zh})", "{zh}"),
    "lost.budget": ("budget Budget execution: -{lost}  {why}", "预算执行率：-{lost}  {why}"),
}

#: Fragments that come as params of a sentence (``found {what}``).
PHRASES: dict[str, str] = {
    "a list": "列表",
    "a mapping": "映射",
    "an empty value": "空值",
    "an empty string": "空字符串",
    "a weight (分值)": "分值",
    "an actual": "实际完成值",
    "an amount": "金额",
    "a figure": "数字",
    "a number": "数字",
    "a target": "年度指标值",
    "text": "文本",
    "NaN (not a number)": "NaN（非数字）",
    "an infinity": "无穷大",
    "No such file or directory": "没有该文件或目录",
    "Permission denied": "权限不足",
    "Is a directory": "是文件夹",
    "Not a directory": "不是文件夹",
    "a boolean": "布尔值",
    "a date": "日期",
    "the disk is full": "磁盘已满",
    "permission denied": "权限不足",
    "the file system is read-only": "文件系统为只读",
    "it is a folder": "它是文件夹",
    "a part of the path is not a folder": "路径中有一部分不是文件夹",
    "the name is too long": "名称过长",
    "the reader closed it": "读取方已关闭",
    "a folder": "文件夹",
    "a FIFO": "命名管道",
    "a device": "设备",
    "a socket": "套接字",
    "a FIFO (named pipe)": "命名管道（FIFO）",
    "not a regular file": "非普通文件",
    "the file": "该文件",
    "the workbook": "该工作簿",
    "the form": "该表格",
    "framework file": "指标体系文件",
    " (split it into several files)": "（请拆分为多个文件）",
    "an accounts mapping (perfeval-accounts, title, figures, claims)":
        "决算文件映射（perfeval-accounts, title, figures, claims）",
    "a mapping of figure names to values": "数字名称到数值的映射",
    "a list of claims": "等式列表",
    "a pure number": "纯数字",
    "pure numbers": "纯数字",
    "points": "分值",
    "a score": "得分",
    "a weight": "分值",
    "a mapping of scalars": "由单个值组成的映射",
    "a mapping of names to figures": "名称到数值的映射",
    "a mapping of group ids to points": "一级指标 id 到分值的映射",
    "a scale name or a list of {grade, zh, min}": "评价等级名称或 {grade, zh, min} 列表",
    "a budget mapping (initial, adjusted, spent)": "预算映射（initial, adjusted, spent）",
    "a rate": "执行率",
    "a mapping {expected:, achieved:}": "映射 {expected:, achieved:}",
    "a list of unit names": "单位名称列表",
    "a list of indicators": "指标列表",
    "a list of names": "名称列表",
    "a framework mapping": "指标体系映射",
    "a list of steps such as {min: 90%, points: 5}": "分档列表，例如 {min: 90%, points: 5}",
    "a mapping {per: 1%, points: 0.5}": "映射 {per: 1%, points: 0.5}",
    "a list of criteria {item, met, points}": "标准列表 {item, met, points}",
    "a symbolic link loop": "符号链接循环",
    "from the highest min down": "按 min 从高到低",
    "from the lowest max up": "按 max 从低到高",
    "score: (or, in review, reported:)": "score:（复核时或 reported:）",
    "reported: or score:": "reported: 或 score:",
    "(not equal to) is not a target perfeval can score":
        "（不等于）不是 perfeval 能评分的年度指标值",
    "(neither less than nor equal to, that is >) is ambiguous on a form":
        "（既不小于也不等于，即 >）在表中有歧义",
    "(neither greater than nor equal to, that is <) is ambiguous on a form":
        "（既不大于也不等于，即 <）在表中有歧义",
    "an optional magnitude (万, 亿 …) and a known unit": "可选的数量级（万、亿……）加已知单位",
}  # fmt: skip

#: The operating system's own words for a failed read or write (strerror),
#: as they arrive: capitalised (cannot read …: Input/output error) or not
#: (cannot write …: input/output error).
_OS_ERRORS = {
    "Input/output error": "输入/输出错误",
    "No such device or address": "没有该设备或地址",
    "No such device": "没有该设备",
    "Device or resource busy": "设备或资源忙",
    "Operation not permitted": "不允许的操作",
    "File too large": "文件过大",
    "Too many open files": "打开的文件过多",
    "Invalid argument": "参数无效",
    "Too many levels of symbolic links": "符号链接层数过多",
    "Text file busy": "文本文件忙",
    "Read-only file system": "文件系统为只读",
    "File exists": "文件已存在",
    "Invalid cross-device link": "跨设备链接无效",
    "Resource temporarily unavailable": "资源暂时不可用",
    "Broken pipe": "管道已断开",
    "Bad file descriptor": "文件描述符无效",
    "Stale file handle": "文件句柄已失效",
    "Disk quota exceeded": "超出磁盘配额",
    "No space left on device": "设备上没有空间",
    "Operation not supported": "不支持的操作",
}
PHRASES.update({**_OS_ERRORS, **{en.lower(): zh for en, zh in _OS_ERRORS.items()}})

#: PyYAML's syntax errors: "while CONTEXT" then the problem, both in its words.
YAML_CONTEXTS: dict[str, str] = {
    "while parsing a block mapping": "解析块映射时",
    "while parsing a block collection": "解析块序列时",
    "while parsing a flow sequence": "解析流式序列（[…]）时",
    "while parsing a flow mapping": "解析流式映射（{…}）时",
    "while parsing a flow node": "解析流式节点时",
    "while parsing a block node": "解析块节点时",
    "while parsing a node": "解析节点时",
    "while scanning a quoted scalar": "扫描带引号的字符串时",
    "while scanning a simple key": "扫描键时",
    "while scanning a plain scalar": "扫描普通值时",
    "while scanning a block scalar": "扫描块文本时",
    "while scanning an anchor": "扫描锚点时",
    "while scanning an alias": "扫描别名时",
    "while scanning a tag": "扫描标签时",
    "while scanning a directive": "扫描指令时",
    "while scanning for the next token": "查找下一个记号时",
}
YAML_PROBLEMS: dict[str, str] = {
    "did not find expected ',' or ']'": "缺少预期的 ',' 或 ']'",
    "did not find expected ',' or '}'": "缺少预期的 ',' 或 '}'",
    "did not find expected key": "缺少预期的键",
    "did not find expected '-' indicator": "缺少预期的 '-'",
    "did not find expected node content": "缺少预期的节点内容",
    "found unexpected end of stream": "文件意外结束",
    "could not find expected ':'": "缺少预期的 ':'",
    "found character that cannot start any token": "遇到不能作为记号开头的字符",
    "mapping values are not allowed here": "此处不允许出现映射值（缺少引号？）",
    "found undefined alias": "遇到未定义的别名",
    "found unknown escape character": "遇到未知的转义字符",
}

ERRORS: dict[str, tuple[str, str]] = {
    "required": ("'{key}' is required", "缺少必填项 '{key}'"),
    "required-actual": (
        "'actual' is required (or set applicable: false)",
        "缺少必填项 'actual'（或设置 applicable: false）",
    ),
    "invalid-id": (
        "'{id}' is not a valid id: use letters, digits, '_', '.' and '-'",
        "'{id}' 不是有效的 id：只能使用字母、数字、'_'、'.' 和 '-'",
    ),
    "framework-unreadable": (
        "'{path}': cannot read framework file: {reason}",
        "'{path}'：无法读取指标体系文件：{reason}",
    ),
    "precision": (
        "{value} has more decimals than the card's precision ({places}); "
        "the table could not add up",
        "{value} 的小数位数多于自评表的精度（{places} 位）；表格将无法合计",
    ),
    "yaml-folded": (
        "YAML reads '>' at the start of a value as a folded text block: quote the value "
        "('{value}' in quotes) or write ≥ instead of >=",
        "YAML 把值开头的 '>' 读作折叠文本块：请给值加引号（'{value}'）或用 ≥ 代替 >=",
    ),
    "yaml-syntax": ("YAML syntax error: {detail}", "YAML 语法错误：{detail}"),
    "yaml-tag": (
        "YAML tags such as '{tag}' are not allowed in a scorecard; nothing is constructed "
        "from them. Remove the tag",
        "自评表中不允许使用 '{tag}' 这类 YAML 标签，perfeval 不会据此构造任何对象。请删除该标签",
    ),
    "key-not-scalar": (
        "a key must be plain text, not a list or mapping",
        "键必须是普通文本，不能是列表或映射",
    ),
    "keys-text": ("keys must be text; found {found}", "键必须是文本；实际为 {found}"),
    "qualitative-number": (
        "a number ('{actual}') cannot be scored against the qualitative target '{target}'; "
        "give a tier (achieved, partial, not-achieved)",
        "数字（'{actual}'）不能按定性目标 '{target}' 评分；请给出等级"
        "（achieved 达成、partial 部分达成、not-achieved 未达成）",
    ),
    "range-order": (
        "a range must be written low to high; found {low} > {high}",
        "区间须从低到高书写；实际为 {low} > {high}",
    ),
    "range-comparator": (
        "a range cannot also have the comparator '{prefix}'",
        "区间不能再带比较符 '{prefix}'",
    ),
    "range-units": (
        "the two ends of a range must be in one unit family; found {a} and {b}",
        "区间两端须属于同一类单位；实际为 {a} 和 {b}",
    ),
    "score-band": (
        "a score of {score} is outside the band of the tier '{tier}' ({zh}): expected {band}",
        "得分 {score} 不在等级 '{tier}'（{zh}）的区间内：应在 {band}",
    ),
    "score-above-weight": (
        "a score of {score} is above the weight {weight}",
        "得分 {score} 超过分值 {weight}",
    ),
    "no-indicators": ("a scorecard needs at least one indicator", "自评表至少需要一个指标"),
    "tab-indent": (
        "a tab is used for indentation; YAML needs spaces",
        "缩进使用了制表符；YAML 需要空格",
    ),
    "unit-name": (
        "a unit name has no digits or spaces; found '{name}'",
        "单位名称不能含数字或空格；实际为 '{name}'",
    ),
    "amount-negative": (
        "an amount cannot be negative; found '{amount}'",
        "金额不能为负数；实际为 '{amount}'",
    ),
    "amount-qualifier": ("an amount cannot carry '{word}'", "金额不能带 '{word}'"),
    "band-overlap": (
        "band {n} ('{grade}', min {min}) overlaps or is out of order: bands go from the "
        "highest min down, and the band before it starts at {before}",
        "第 {n} 档（'{grade}'，下限 {min}）与前一档重叠或顺序错误：各档须按下限从高到低排列，"
        "前一档下限为 {before}",
    ),
    "band-repeat": ("band {n} repeats the grade '{grade}'", "第 {n} 档重复了等级 '{grade}'"),
    "band-lowest": (
        "the lowest band ('{grade}') starts at {min}, leaving scores below it without a "
        "grade; its min must be 0",
        "最低一档（'{grade}'）从 {min} 起，低于它的得分没有等级；其下限须为 0",
    ),
    "unit-after-number": (
        "cannot read '{rest}' after the number: expected an optional magnitude (万, 亿 …) "
        "and a known unit; a count unit of your own goes in the scorecard's 'units:' list",
        "无法识别数字后的 '{rest}'：应为可选的数量级（万、亿……）加已知单位；"
        "自定义的计量单位请写入自评表的 'units:' 列表",
    ),
    "duplicate-key": (
        "duplicate key '{key}' (first given on line {line}); YAML would keep only the last "
        "value and lose the other",
        "键 '{key}' 重复（第 {line} 行已给出）；YAML 只会保留最后一个值而丢失另一个",
    ),
    "all-not-applicable": (
        "every indicator is marked applicable: false; nothing is left to score",
        "所有指标都标记为 applicable: false；没有可评分的指标",
    ),
    "expected-list": (
        "expected a list of indicators; found {found}",
        "应为指标列表；实际为 {found}",
    ),
    "number-first": (
        "expected a number first; found '{label}' before it (write the label in 'name', "
        "and only the figure here)",
        "应以数字开头；数字前有 '{label}'（说明文字请写在 'name' 中，这里只写数值）",
    ),
    "at-least": (
        "expected {what} of at least {min}; found {found}",
        "{what}应不小于 {min}；实际为 {found}",
    ),
    "at-most": (
        "expected {what} of at most {max}; found {found}",
        "{what}应不大于 {max}；实际为 {found}",
    ),
    "number-example": (
        "expected a number, such as 228805 or 22.88万条",
        "应为数字，例如 228805 或 22.88万条",
    ),
    "plain-number": (
        "expected a plain number such as 10 or 0.5",
        "应为普通数字，例如 10 或 0.5",
    ),
    "plain-number-short": ("expected a plain number", "应为普通数字"),
    "percentage": (
        "expected a percentage such as 80%; found '{text}'",
        "应为百分数，例如 80%；实际为 '{text}'",
    ),
    "scorecard-mapping": (
        "expected a scorecard mapping (perfeval: 1, title:, indicators:); found {found}",
        "应为自评表映射（perfeval: 1, title:, indicators:）；实际为 {found}",
    ),
    "target-example": (
        "expected a target such as '20万条以上'; found {found}",
        "应为年度指标值，例如 '20万条以上'；实际为 {found}",
    ),
    "below-limit": (
        "expected {what} below 10^18; found {found}",
        "{what}应小于 10^18；实际为 {found}",
    ),
    "above-limit": (
        "expected {what} of 0 or from 10^-18 up; found {found}",
        "{what}应为 0 或不小于 10^-18；实际为 {found}",
    ),
    "greater-than": (
        "expected {what} greater than {above}; found {found}",
        "{what}应大于 {above}；实际为 {found}",
    ),
    "yaml-reads-number": (
        "expected {what}; found '{text}', which YAML reads as the number {value}: write the "
        "number plainly, or quote it",
        "应为{what}；实际为 '{text}'，YAML 会把它读作数字 {value}：请直接写数字，或加引号",
    ),
    "yaml-reads-boolean": (
        "expected {what}; found '{text}', which YAML reads as a boolean (quote it if you "
        "meant text)",
        "应为{what}；实际为 '{text}'，YAML 会把它读作布尔值（如指文本请加引号）",
    ),
    "yaml-reads-date": (
        "expected {what}; found '{text}', which YAML reads as a date (quote it)",
        "应为{what}；实际为 '{text}'，YAML 会把它读作日期（请加引号）",
    ),
    "whole-number": (
        "expected a whole number from {min} to {max}; found {found}",
        "应为 {min} 到 {max} 之间的整数；实际为 {found}",
    ),
    "number-value": ("the number {value}", "数字 {value}"),
    "money": (
        "expected an amount of money (元, 万元, 亿元); found '{found}'",
        "应为金额（元、万元、亿元）；实际为 '{found}'",
    ),
    "indicator-mapping": (
        "expected an indicator mapping (name, kind, weight, target, actual); found {found}",
        "应为指标映射（name, kind, weight, target, actual）；实际为 {found}",
    ),
    "version": (
        "expected the format version 1; found {found}",
        "应为格式版本 1；实际为 {found}",
    ),
    "bool": ("expected true or false; found {found}", "应为 true 或 false；实际为 {found}"),
    "higher-lower": (
        "expected higher or lower; found '{found}'",
        "应为 higher 或 lower；实际为 '{found}'",
    ),
    "expected-found-quoted": ("expected {what}; found '{found}'", "应为{what}；实际为 '{found}'"),
    "expected-found": ("expected {what}; found {found}", "应为{what}；实际为 {found}"),
    "group-sum": (
        "group '{id}' ({zh}): the indicator weights add up to {found}, expected {expected} "
        "({parts})",
        "一级指标 '{id}'（{zh}）：指标分值合计 {found}，应为 {expected}（{parts}）",
    ),
    "aspect-needed": (
        "kind '{kind}' needs an aspect: one of {choices} (or write kind: {example})",
        "指标类型 '{kind}' 需要指定方面：{choices} 之一（或写作 kind: {example}）",
    ),
    "aspect-none": (
        "kind '{kind}' has no aspects; remove 'aspect'",
        "指标类型 '{kind}' 没有方面；请删除 'aspect'",
    ),
    "merge-keys": (
        "merge keys ('<<') are not supported; write the keys out",
        "不支持合并键（'<<'）；请把各键逐一写出",
    ),
    "no-default-rule": (
        "no rule is chosen by default for '{target}'; name one with rule: (for example threshold)",
        "'{target}' 没有默认评分规则；请用 rule: 指定一个（例如 threshold）",
    ),
    "manual-score": (
        "rule '{rule}' needs the evaluator's score: add score: (0 to {most})",
        "规则 '{rule}' 需要评价人评分：请添加 score:（0 到 {most}）",
    ),
    "rule-settings": (
        "rule '{key}' needs its '{key}:' settings",
        "规则 '{key}' 需要 '{key}:' 设置",
    ),
    "rule-target": (
        "rule '{rule}' does not apply to the target '{target}' (operator {op}); it takes {ops}",
        "规则 '{rule}' 不适用于目标 '{target}'（运算符 {op}）；它适用于 {ops}",
    ),
    "rule-settings-mismatch": (
        "'{key}:' goes with rule: {key}, not rule: {rule}",
        "'{key}:' 须与 rule: {key} 搭配，而不是 rule: {rule}",
    ),
    "too-deep": (
        "the YAML is nested more than {depth} levels deep",
        "YAML 嵌套超过 {depth} 层",
    ),
    "unit-mismatch": (
        "the actual '{actual}' is in {unit}, which cannot be compared with the target's unit "
        "{tunit} ('{target}'); write both in one unit",
        "实际完成值 '{actual}' 的单位为 {unit}，不能与目标的单位 {tunit}（'{target}'）比较；"
        "请用同一单位书写",
    ),
    "two-periods": (
        "the figure is counted in two periods, '{first}' and '{second}'; write one",
        "数值按两个周期计数（'{first}' 和 '{second}'）；请只写一个",
    ),
    "unit-per-period": (
        "the actual '{actual}' and the target '{target}' count in different periods; a count "
        "per {period_en} ({unit}) has no fixed number in a working year: write both per "
        "{period_en} ({period}), or both for the year",
        "实际完成值 '{actual}' 与目标 '{target}' 按不同周期计数；按{period}计的数（{unit}）"
        "在一个工作年度中没有固定的个数：请两者都按{period}书写，或都按全年书写",
    ),
    "tier-vs-number": (
        "the actual '{actual}' is a qualitative tier, but the target '{target}' is a number; "
        "give the figure achieved",
        "实际完成值 '{actual}' 是定性等级，但目标 '{target}' 是数值；请给出实际完成的数值",
    ),
    "tier-unknown": (
        "the actual '{actual}' names no tier (achieved, partial, not-achieved), so the row "
        "needs a score whose band names it: add score: (or, in review, reported:) within "
        "{weight} points: {bands}",
        "实际完成值 '{actual}' 未指明等级（achieved、partial、not-achieved），须由得分所在区间"
        "确定等级：请在 {weight} 分内添加 score:（复核时为 reported:）：{bands}",
    ),
    "comparator-contradiction": (
        "the comparator '{before}' ({op1}) before the number contradicts '{after}' ({op2}) "
        "after it; write one of them",
        "数字前的比较符 '{before}'（{op1}）与数字后的 '{after}'（{op2}）矛盾；请只写其中一个",
    ),
    "expands": (
        "the document expands to more than {n} values (aliases that repeat aliases?)",
        "文档展开后超过 {n} 个值（别名重复引用别名？）",
    ),
    "control-char": (
        "the file holds a control character (#x{code}) that YAML does not allow; is it a "
        "text file?",
        "文件含有 YAML 不允许的控制字符（#x{code}）；它是文本文件吗？",
    ),
    "multi-document": (
        "the file holds more than one YAML document ('---'); a scorecard file holds exactly one",
        "文件含有多个 YAML 文档（'---'）；一个自评表文件只能有一个",
    ),
    "utf16": ("the file is UTF-16; save it as UTF-8", "文件为 UTF-16 编码；请另存为 UTF-8"),
    "binary": (
        "the file is binary, not a UTF-8 text scorecard",
        "文件是二进制文件，不是 UTF-8 文本自评表",
    ),
    "empty": (
        "the file is empty; a scorecard starts with 'perfeval: 1'",
        "文件为空；自评表以 'perfeval: 1' 开头",
    ),
    "gbk": (
        "the file is not UTF-8; it looks like GBK (GB2312/GB18030). Convert it with: iconv -f "
        "GBK -t UTF-8 FILE > FILE.utf8 (or save it as UTF-8 in your editor)",
        "文件不是 UTF-8 编码，看起来是 GBK（GB2312/GB18030）。请转换：iconv -f GBK -t UTF-8 "
        "FILE > FILE.utf8（或在编辑器中另存为 UTF-8）",
    ),
    "budget-positive": (
        "the full-year budget (全年预算数) must be above 0",
        "全年预算数必须大于 0",
    ),
    "budget-needed": (
        "the group 'budget' (预算执行率) has {points} points, so the card needs a budget "
        "block (initial, adjusted, spent), or weights: {{budget: 0}}",
        "一级指标 'budget'（预算执行率）有 {points} 分，因此自评表需要 budget 块"
        "（initial, adjusted, spent），或写 weights: {{budget: 0}}",
    ),
    "group-weights": (
        "the group weights add up to {found} ({parts}); expected {expected}",
        "一级指标分值合计 {found}（{parts}）；应为 {expected}",
    ),
    "group-weights-total": (
        "the group weights add up to {found}, expected the total {total}",
        "一级指标分值合计 {found}，应为总分 {total}",
    ),
    "id-used": (
        "the id '{id}' is already used by {other}; ids must be unique",
        "id '{id}' 已被 {other} 使用；id 不能重复",
    ),
    "id-reserved": (
        "the id 'budget' is reserved for the budget row",
        "id 'budget' 保留给预算执行率一行",
    ),
    "tier-score": (
        "the tier '{tier}' ({zh}) needs the evaluator's score in {band}: add score:",
        "等级 '{tier}'（{zh}）需要评价人在 {band} 内评分：请添加 score:",
    ),
    "not-met-score": (
        "the actual '{actual}' says the target '{target}' was not met, so the row is not "
        "achieved and needs the evaluator's score in {band}: add score:",
        "实际完成值 '{actual}' 表明年度指标值 '{target}' 未完成，该行为未达成，需要评价人在 {band} "
        "内评分：请添加 score:",
    ),
    "unknown-aspect": (
        "unknown aspect '{name}'; expected one of: {choices}",
        "未知的方面 '{name}'；应为以下之一：{choices}",
    ),
    "unknown-framework": (
        "unknown framework '{name}'{hint}; shipped: {names}; or give the path of a framework file",
        "未知的指标体系 '{name}'{hint}；内置：{names}；或给出指标体系文件的路径",
    ),
    "unknown-key": (
        "unknown key '{key}'{hint}; expected one of: {keys}",
        "未知的键 '{key}'{hint}；应为以下之一：{keys}",
    ),
    "unknown-kind-fw": (
        "unknown kind '{kind}'{hint}; framework {fw} has: {kinds}",
        "未知的指标类型 '{kind}'{hint}；指标体系 {fw} 有：{kinds}",
    ),
    "unknown-kind": ("unknown kind '{kind}'{hint}", "未知的指标类型 '{kind}'{hint}"),
    "unknown-operator": (
        "unknown operator '{op}'; expected one of {ops}",
        "未知的运算符 '{op}'；应为以下之一：{ops}",
    ),
    "unknown-rule": (
        "unknown rule '{rule}'{hint}; known: {rules}",
        "未知的评分规则 '{rule}'{hint}；可用：{rules}",
    ),
    "unknown-scale": (
        "unknown scale '{scale}'{hint}; built in: {names}, or give a list of bands",
        "未知的评价等级 '{scale}'{hint}；内置：{names}，或给出各档列表",
    ),
    "unknown-unit": ("unknown unit '{unit}'{hint}", "未知的单位 '{unit}'{hint}"),
    "unknown-group": ("unknown group '{group}'{hint}", "未知的一级指标 '{group}'{hint}"),
    "did-you-mean": (" (did you mean '{name}'?)", "（是否应为 '{name}'？）"),
    "write-folder-missing": (
        "cannot write {path}: the folder {folder} does not exist",
        "无法写入 {path}：文件夹 {folder} 不存在",
    ),
    "write-input": (
        "cannot write {path}: it is the input file {input}; perfeval never overwrites what it "
        "reads (choose another -o)",
        "无法写入 {path}：它是输入文件 {input}；perfeval 从不覆盖它读取的文件（请另选 -o）",
    ),
    "write-no-name": (
        "cannot write '': -o needs a file name (or - for stdout)",
        "无法写入 ''：-o 需要文件名（或用 - 表示标准输出）",
    ),
    "write": ("cannot write {path}: {why}", "无法写入 {path}：{why}"),
    "other-file-accounts": (
        "this is an accounts file (perfeval-accounts), not a scorecard; check it with "
        "perfeval audit",
        "这是决算文件（perfeval-accounts），不是自评表；请用 perfeval audit 检查",
    ),
    "other-file-framework": (
        "this is a framework file (perfeval-framework), not a scorecard; a card uses it with "
        "framework: PATH",
        "这是指标体系文件（perfeval-framework），不是自评表；自评表用 framework: PATH 引用它",
    ),
    "other-file-review": (
        "this is a published form recorded as it is (perfeval-review), which may depart from "
        "the rules; review it with perfeval review",
        "这是按原样录入的公布表（perfeval-review），可能与规则不符；请用 perfeval review 复核",
    ),
    "target-empty": ("a target cannot be empty", "年度指标值不能为空"),
    "actual-empty": ("an actual cannot be empty", "实际完成值不能为空"),
    "actual-or-formula": (
        "give an actual or a formula, not both",
        "实际完成值与公式只能给出一个",
    ),
    "too-large": (
        "the number is too large (perfeval reads numbers below 10^18)",
        "数字过大（perfeval 只读取小于 10^18 的数字）",
    ),
    "too-small": (
        "the number is too small (perfeval reads 0, or numbers from 10^-18 up)",
        "数字过小（perfeval 只读取 0 或不小于 10^-18 的数字）",
    ),
    "low-high": ("low {low} is above high {high}", "下限 {low} 高于上限 {high}"),
    "file-kind": (
        "cannot read {what}: it is {kind}, not a regular file",
        "无法读取{what}：它是{kind}，不是普通文件",
    ),
    "file-nul": (
        "cannot read {what}: the name holds a NUL character",
        "无法读取{what}：文件名含有 NUL 字符",
    ),
    "file-read": ("cannot read {what}: {reason}", "无法读取{what}：{reason}"),
    "file-size": (
        "{what} is {size} bytes; the limit is {limit} bytes{hint}",
        "{what}大小为 {size} 字节；上限为 {limit} 字节{hint}",
    ),
    "framework-outside": (
        "the framework path '{path}' leads outside the card's folder; {rest}",
        "指标体系路径 '{path}' 指向自评表所在文件夹之外；{rest}",
    ),
    "surrogate": (
        "the text holds a lone surrogate (U+{code}), which is not a character; {rest}",
        "文本含有孤立的代理码点（U+{code}），它不是字符；{rest}",
    ),
    "text-limit": (
        "the text is larger than the limit of {limit} bytes",
        "文本超过 {limit} 字节的上限",
    ),
    "group-twice": ("the group id '{id}' is used twice", "一级指标 id '{id}' 重复使用"),
    "standard-twice": ("the standard '{key}' is defined twice", "标准指标 '{key}' 重复定义"),
    "name-kind": (
        "the name '{name}' already means another kind",
        "名称 '{name}' 已表示另一种指标类型",
    ),
    "several": ("give one of {keys}, not several", "{keys} 只能给出一个"),
    "budget-group-once": (
        "at most one group can be the budget group",
        "至多一个一级指标可作为预算执行率",
    ),
    "green-yellow": ("green must start above yellow", "绿灯的起点必须高于黄灯"),
    # --- scorecards: rows, kinds, rules (loading, _rows, frameworks) ---
    "budget-needed-group": (
        "the group '{id}' ({zh}) has {points} points, so the card needs a budget block "
        "(initial, adjusted, spent), or weights: {{{id}: 0}}",
        "一级指标 '{id}'（{zh}）有 {points} 分，因此自评表需要 budget 块"
        "（initial, adjusted, spent），或写 weights: {{{id}: 0}}",
    ),
    "qualitative-number-hint": (
        "a number ('{actual}') cannot be scored against the qualitative target '{target}'; "
        "give a tier (achieved, partial, not-achieved) (the target '{again}' is read as "
        "qualitative because not all of it is a number, magnitude and known unit; add a count "
        "unit of your own to 'units:', or write the target as a comparison such as '≥24小时')",
        "数字（'{actual}'）不能按定性目标 '{target}' 评分；请给出等级"
        "（achieved 达成、partial 部分达成、not-achieved 未达成）（目标 '{again}' "
        "被当作定性目标，因为它不全是数字、数量级和已知单位；请把自定义的计量单位写入 "
        "'units:'，或把目标写成比较式，例如 '≥24小时'）",
    ),
    "no-tier": (
        "the actual '{text}' names no tier (achieved, partial, not-achieved), so the row needs "
        "a score whose band names it: add {where} within {weight} points: {bands}",
        "实际完成值 '{text}' 未指明等级（achieved、partial、not-achieved），须由得分所在区间"
        "确定等级：请在 {weight} 分内添加 {where}：{bands}",
    ),
    "no-tier-hint": (
        "the actual '{text}' names no tier (achieved, partial, not-achieved), so the row needs "
        "a score whose band names it: add {where} within {weight} points: {bands}; a number "
        "('{number}') cannot be scored against the qualitative target '{target}'; give a tier "
        "(achieved, partial, not-achieved){hint}",
        "实际完成值 '{text}' 未指明等级（achieved、partial、not-achieved），须由得分所在区间"
        "确定等级：请在 {weight} 分内添加 {where}：{bands}；数字（'{number}'）不能按定性目标 "
        "'{target}' 评分；请给出等级（achieved 达成、partial 部分达成、not-achieved 未达成）{hint}",
    ),
    "tier-unknown-hint": (
        "the actual '{actual}' names no tier (achieved, partial, not-achieved), so the row "
        "needs a score whose band names it: add score: (or, in review, reported:) within "
        "{weight} points: {bands}; a number ('{number}') cannot be scored against the "
        "qualitative target '{target}'; give a tier (achieved, partial, not-achieved){hint}",
        "实际完成值 '{actual}' 未指明等级（achieved、partial、not-achieved），须由得分所在区间"
        "确定等级：请在 {weight} 分内添加 score:（复核时为 reported:）：{bands}；数字（'{number}'）"
        "不能按定性目标 '{target}' 评分；请给出等级（achieved 达成、partial 部分达成、"
        "not-achieved 未达成）{hint}",
    ),
    "qualitative-why": (
        " (the target '{target}' is read as qualitative because not all of it is a number, "
        "magnitude and known unit; add a count unit of your own to 'units:', or write the target "
        "as a comparison such as '≥24小时')",
        "（目标 '{target}' 被当作定性目标，因为它不全是数字、数量级和已知单位；请把自定义的计量单位"
        "写入 'units:'，或把目标写成比较式，例如 '≥24小时'）",
    ),
    "no-standard": (
        "framework {fw} has no standard indicator '{name}'{hint}",
        "指标体系 {fw} 没有标准指标 '{name}'{hint}",
    ),
    "aspect-twice": (
        "the kind '{name}' already says the aspect '{aspect}'; remove 'aspect' or make them agree",
        "指标类型 '{name}' 已指明方面 '{aspect}'；请删除 'aspect' 或使两者一致",
    ),
    "plain-text": (
        "plain text of {n} characters (not shown)",
        "{n} 个字符的普通文本（不显示）",
    ),
    "surrogate-utf8": (
        "the text holds a lone surrogate (U+{code}), which is not a character and cannot be "
        "saved as UTF-8",
        "文本含有孤立的代理码点（U+{code}），它不是字符，无法保存为 UTF-8",
    ),
    "surrogate-escape": (
        "the text holds a lone surrogate (U+{code}), which is not a character and cannot be "
        "saved as UTF-8; was it decoded with errors='surrogateescape'?",
        "文本含有孤立的代理码点（U+{code}），它不是字符，无法保存为 UTF-8；"
        "是否用 errors='surrogateescape' 解码？",
    ),
    "not-framework": (
        "not a perfeval framework: no 'perfeval-framework:' key (a framework file starts with "
        "perfeval-framework: 1); nothing of the file is shown",
        "不是 perfeval 指标体系文件：没有 'perfeval-framework:' 键（指标体系文件以 "
        "perfeval-framework: 1 开头）；不显示该文件的任何内容",
    ),
    "framework-outside-rest": (
        "a card may only use a framework file in its own folder or below it, unless this is "
        "allowed (the option --allow-framework-outside, the environment variable {env}=1, or "
        "allow_framework_outside=True)",
        "自评表只能使用其所在文件夹或子文件夹中的指标体系文件，除非已允许"
        "（选项 --allow-framework-outside、环境变量 {env}=1，或 allow_framework_outside=True）",
    ),
    "unknown-scale-short": ("unknown scale '{scale}'{hint}", "未知的评价等级 '{scale}'{hint}"),
    "yaml-deep": (
        "the YAML is nested too deeply (a scorecard needs at most {n} levels)",
        "YAML 嵌套过深（自评表至多需要 {n} 层）",
    ),
    "yaml-expanded": (
        "the document expands to more than {limit} bytes of text through aliases (an anchored "
        "value repeated by '*' aliases); write the values out, or repeat less (the limit is "
        "{factor}× the file's size, at least {least} bytes)",
        "文档通过别名（用 '*' 重复引用的锚点值）展开后超过 {limit} 字节；请直接写出各值，"
        "或减少重复（上限为文件大小的 {factor} 倍，至少 {least} 字节）",
    ),
    "yaml-error": ("YAML error: {detail}", "YAML 错误：{detail}"),
    "formula-in": ("{reason} (formula '{formula}')", "{reason}（公式 '{formula}'）"),
    "steps-below": ("below {edge}", "低于 {edge} "),
    "steps-above": ("above {edge}", "高于 {edge} "),
    "framework-problem": ("'{path}': {reason}", "'{path}'：{reason}"),
    # --- targets and actuals (targets.py, rules.py, grading.py) ---
    "adds-units": (
        "'{raw}' adds {several}; {what} is one figure in one unit: write the total, such as "
        "'{total}'{hint}, or give each part its own indicator",
        "'{raw}' 把{several}相加；{what}是一个单位下的一个数：请写出合计，例如 '{total}'{hint}，"
        "或把每一部分列为单独的指标",
    ),
    "two-units": ("two units ({names})", "两个单位（{names}）"),
    "n-figures": ("{n} figures", "{n} 个数"),
    "counts-as": (" (if the form counts {a} as {b})", "（如果表中把{a}计为{b}）"),
    "unscorable": (
        "'{word}' {why}: a target perfeval scores is a comparison (≥ > ≤ < =, ≮ ≯, 以上, 以下 …), "
        "a range (90%-95%) or a qualitative statement; write the comparator the unit had to "
        "meet",
        "'{word}' {why}：perfeval 评分的年度指标值须是比较式（≥ > ≤ < =、≮ ≯、以上、以下……）、"
        "区间（90%-95%）或定性表述；请写出单位须达到的比较符",
    ),
    "after-number": (
        "cannot read '{rest}' after the number: expected {expected}; a count unit of your own "
        "goes in the scorecard's 'units:' list",
        "无法识别数字后的 '{rest}'：应为{expected}；自定义的计量单位请写入自评表的 'units:' 列表",
    ),
    "target-at-least-zero": (
        "needs a target of 0 or more; found {found}",
        "需要不小于 0 的年度指标值；实际为 {found}",
    ),
    "target-zero": ("needs a target of 0; found {found}", "需要年度指标值为 0；实际为 {found}"),
    "scale-empty": ("a scale needs at least one band", "评价等级至少需要一档"),
    "band-min": (
        "band {n} ('{grade}') has min {min}; expected 0 to 100",
        "第 {n} 档（'{grade}'）的下限为 {min}；应在 0 到 100 之间",
    ),
    "no-temporary-name": ("no free temporary name", "没有可用的临时文件名"),
    # --- department rules (steps, deduct, checklist) and facts ---
    "dept-unit": (
        "'{text}' is in {unit}, the target in {target}",
        "'{text}' 的单位是{unit}，年度指标值的单位是{target}",
    ),
    "steps-none": ("a steps rule needs at least one step", "分档规则至少需要一档"),
    "step-points": (
        "{points} points is more than the weight {weight}",
        "{points} 分超过分值 {weight}",
    ),
    "step-both": ("a step has min or max, not both", "每档只能有 min 或 max，不能同时有"),
    "step-last": (
        "only the last step may have no bound (it means 'otherwise')",
        "只有最后一档可以没有界限（表示“其他情况”）",
    ),
    "steps-mixed": (
        "steps use either min (higher is better) or max (lower is better), not both",
        "各档要么都用 min（越高越好），要么都用 max（越低越好），不能混用",
    ),
    "steps-order": (
        "steps overlap or are out of order at {at}: list them {order}",
        "各档在 {at} 处重叠或顺序错误：请{order}排列",
    ),
    "steps-gap": (
        "values {where} fall in no step; add a last step with only points (for example "
        "{{points: 0}})",
        "{where}的值不属于任何一档；请添加只有分值的最后一档（例如 {{points: 0}}）",
    ),
    "deduct-rounding": (
        "expected exact, up (every unit begun counts) or down (whole units only); found {found}",
        "应为 exact（精确）、up（不足一个单位也计）或 down（只计整单位）；实际为 {found}",
    ),
    "deduct-per": ("the unit of deviation must be above 0", "偏差单位必须大于 0"),
    "checklist-none": ("a checklist needs at least one criterion", "核查清单至少需要一项标准"),
    "checklist-total": (
        "the criteria are worth {total} points, more than the weight {weight}",
        "各项标准合计 {total} 分，超过分值 {weight}",
    ),
    "fact-missing": (
        "the fact '{name}' is missing: add it under facts:",
        "缺少数据 '{name}'：请在 facts: 下添加",
    ),
    "fact-huge": (
        "the result is 10^18 or more, beyond the numbers perfeval reads; check the facts",
        "结果达到或超过 10^18，超出 perfeval 读取的数字范围；请检查数据",
    ),
    "month": ("month must be 1 to 12; found {month}", "月份须为 1 到 12；实际为 {month}"),
    # --- accounts (perfeval audit) ---
    "acc-empty": (
        "the file is empty; an accounts file starts with 'perfeval-accounts: 1'",
        "文件为空；决算文件以 'perfeval-accounts: 1' 开头",
    ),
    "acc-unknown-figure": (
        "unknown figure '{name}'{hint}; add it under figures:",
        "未知的数字 '{name}'{hint}；请在 figures: 下添加",
    ),
    "acc-in": ("{reason} (in '{text}')", "{reason}（见 '{text}'）"),
    "acc-comparator": (
        "a stated figure cannot carry a comparator",
        "所述数字不能带比较符",
    ),
    "acc-no-close": (
        "a '[' opens a name that no ']' closes",
        "'[' 开始的名称没有 ']' 结束",
    ),
    "acc-length": (
        "the expression is {n} characters long; the limit is {limit}",
        "表达式长 {n} 个字符；上限为 {limit}",
    ),
    "acc-terms": (
        "the expression has {n} figures and numbers; the limit is {limit} (split the claim, or "
        "sum a subtotal first)",
        "表达式含 {n} 个数字和数值；上限为 {limit}（请拆分等式，或先求小计）",
    ),
    "acc-equals": (
        "expected '=' and the stated result, as in A + B = C",
        "应有 '=' 和所述结果，例如 A + B = C",
    ),
    "acc-after": (
        "unexpected text after the claim (one '=' per claim)",
        "等式后有多余的文字（每个等式只能有一个 '='）",
    ),
    "acc-depth": (
        "the expression nests parentheses and signs more than {n} deep",
        "表达式中括号和正负号嵌套超过 {n} 层",
    ),
    "acc-close": ("expected ')'", "应为 ')'"),
    "acc-operand": (
        "expected a figure's name or a number",
        "应为数字名称或数值",
    ),
    "acc-add": ("cannot add {a} and {b}", "不能把{a}和{b}相加"),
    "acc-subtract": ("cannot subtract {a} and {b}", "不能把{a}和{b}相减"),
    "acc-multiply": ("cannot multiply {a} by {b}", "不能把{a}乘以{b}"),
    "acc-divide": ("cannot divide {a} by {b}", "不能把{a}除以{b}"),
    "acc-zero": ("division by a figure that may be 0", "除数可能为 0"),
    "acc-huge": (
        "a value reaches 10^36 or more, beyond what perfeval computes exactly (numbers are read "
        "below 10^18); check the figures and the formula",
        "有数值达到或超过 10^36，超出 perfeval 能精确计算的范围（数字只读取小于 10^18 的）；"
        "请检查数字和公式",
    ),
    "acc-grow": (
        "the numbers grow beyond what perfeval computes exactly",
        "数值增长超出 perfeval 能精确计算的范围",
    ),
    "acc-sides": ("the two sides are in {a} and {b}", "等式两边分别为{a}和{b}"),
    "acc-work": (
        "not checked: the audit of one file may do {n} operations, and the claims before this "
        "one used them (split the file)",
        "未核对：一个文件的核对至多进行 {n} 次运算，此前的等式已用完（请拆分文件）",
    ),
}

#: The words of ``--help``: descriptions, option help, metavars and examples.
HELP: dict[str, tuple[str, str]] = {
    "help.description": (
        "Score budget-performance self-evaluations (绩效自评表) exactly.",
        "精确计算预算绩效自评表（绩效自评表）的得分。",
    ),
    "help.epilog": (
        "Run 'perfeval COMMAND --help' for the options and examples of each command.",
        "运行 'perfeval 命令 --help' 查看各命令的选项和示例。",
    ),
    "help.version": ("show the version and exit", "显示版本号并退出"),
    "help.command": ("COMMAND", "命令"),
    "help.card": ("CARD", "自评表"),
    "help.path": ("PATH", "路径"),
    "help.file": ("FILE", "文件"),
    "help.name": ("NAME", "名称"),
    "help.out": ("OUT", "输出文件"),
    "help.form": ("FORM", "表格"),
    "help.card-out": ("CARD", "自评表文件"),
    "help.card-files": ("scorecard YAML files", "自评表 YAML 文件"),
    "help.format": (
        "output format (default: the -o file's suffix, .xlsx .html .json .csv .md, else table)",
        "输出格式（默认：按 -o 文件的后缀 .xlsx .html .json .csv .md，否则 table 表格）",
    ),
    "help.output": ("write to {out} (atomically)", "写入{out}（原子写入）"),
    "help.no-bom": (
        "csv: plain UTF-8 without the byte-order mark (by default a CSV starts with one, so "
        "that Excel and WPS read it as UTF-8)",
        "csv：不带字节顺序标记（BOM）的 UTF-8（默认 CSV 以 BOM 开头，以便 Excel 和 WPS 按 "
        "UTF-8 读取）",
    ),
    "help.lang": (
        "language of every label, finding and error (default: {lang}; taken from {env}, else "
        "LC_ALL/LC_MESSAGES/LANG: zh* gives zh, another language en; zh when none names a "
        "language, as C and POSIX do not)",
        "所有标签、需说明事项和错误信息的语言（默认：{lang}；取自 {env}，否则取自 "
        "LC_ALL/LC_MESSAGES/LANG：zh* 为 zh，其他语言为 en；都未指明语言时为 zh，C 和 POSIX "
        "不指明语言）",
    ),
    "help.width": (
        "table: fold the table to at most N display columns (default: the terminal's width, "
        "or COLUMNS; no limit when writing to a pipe or file; 0: no limit)",
        "table：把表格折行到不超过 N 个显示列（默认：终端宽度或 COLUMNS；"
        "输出到管道或文件时不限；0：不限）",
    ),
    "help.outside": (
        "let a card use a framework file outside the card's folder (by default refused; see "
        "docs/frameworks.md)",
        "允许自评表使用其所在文件夹之外的指标体系文件（默认拒绝；见 docs/frameworks.md）",
    ),
    "help.score": ("score scorecards and print the 自评表", "评分并打印自评表"),
    "help.score.description": (
        "Score each CARD and print the scored 自评表: the budget row, every indicator, "
        "subtotals, the total and grade, the findings and every point lost.",
        "为每张自评表评分并打印评分后的自评表：预算执行率、每个指标、小计、总分和评价等次、"
        "需说明事项以及每一处失分。",
    ),
    "help.score.examples": (
        "examples:\n"
        "  perfeval score examples/yueyang-2020.yaml\n"
        "  perfeval score examples/*.yaml --format json -o scores.json\n"
        "  perfeval score card.yaml --format html --lang en -o card.html\n"
        "  perfeval score card.yaml --format xlsx -o card.xlsx   # needs perfeval[excel]\n"
        "  perfeval score card.yaml --width 100                 # fold the table to 100 columns\n",
        "示例：\n"
        "  perfeval score examples/yueyang-2020.yaml\n"
        "  perfeval score examples/*.yaml --format json -o scores.json\n"
        "  perfeval score card.yaml --format html --lang en -o card.html\n"
        "  perfeval score card.yaml --format xlsx -o card.xlsx   # 需要 perfeval[excel]\n"
        "  perfeval score card.yaml --width 100                 # 表格折行到 100 列\n",
    ),
    "help.check": ("validate scorecards and list their findings", "校验自评表并列出需说明事项"),
    "help.check.description": (
        "Validate each CARD; print every error (exit 2) or the findings.",
        "校验每张自评表；打印每个错误（退出码 2）或需说明事项。",
    ),
    "help.check.examples": (
        "examples:\n"
        "  perfeval check card.yaml             # errors exit 2; findings are printed\n"
        "  perfeval check --strict cards/*.yaml # exit 1 when any warning is found\n",
        "示例：\n"
        "  perfeval check card.yaml             # 有错误时退出码为 2；打印需说明事项\n"
        "  perfeval check --strict cards/*.yaml # 有任何警告时退出码为 1\n",
    ),
    "help.strict": ("exit 1 when a warning is found", "有警告时退出码为 1"),
    "help.batch": ("score many cards and rank them", "为多张自评表评分并排名"),
    "help.batch.description": (
        "Score every card found (files, folders searched for *.yaml, globs) and print one row "
        "per card, highest total first, with the grade distribution; cards that cannot be "
        "read are reported on stderr and the rest are still scored (exit 2).",
        "为找到的每张自评表评分（文件、在文件夹中查找 *.yaml、通配符），每张一行，总分高者在前，"
        "并给出等次分布；无法读取的自评表在标准错误中报告，其余照常评分（退出码 2）。",
    ),
    "help.batch.examples": (
        "examples:\n"
        "  perfeval batch cards/                       # every *.yaml below cards/, ranked\n"
        "  perfeval batch 'cards/**/*.yaml' --jobs 4 --format csv -o ranking.csv\n"
        "  perfeval batch a.yaml b.yaml --format json\n",
        "示例：\n"
        "  perfeval batch cards/                       # cards/ 下的每个 *.yaml，排名\n"
        "  perfeval batch 'cards/**/*.yaml' --jobs 4 --format csv -o ranking.csv\n"
        "  perfeval batch a.yaml b.yaml --format json\n",
    ),
    "help.paths": ("files, folders or globs", "文件、文件夹或通配符"),
    "help.jobs": (
        "processes to score with (0: one per CPU; default 1; at most 64, and no more than "
        "twice the CPUs are started); the output is the same",
        "评分使用的进程数（0：每个 CPU 一个；默认 1；至多 64，且启动的进程不超过 CPU 数的两倍）；"
        "输出相同",
    ),
    "help.audit": (
        "check the arithmetic of a final-accounts report",
        "核对决算报告中的计算",
    ),
    "help.audit.description": (
        "Recompute every claim of an accounts file (sums, shares, growth, completion rates) "
        "with interval arithmetic over each figure's written precision, and list figures "
        "stated with two values. Exit 1 when a claim fails, 2 on invalid input.",
        "按每个数字书写的精度用区间算术重算决算文件中的每个等式（合计、占比、增长、完成率），"
        "并列出前后给出两个不同值的数字。有等式不成立时退出码为 1，输入无效时为 2。",
    ),
    "help.audit.examples": (
        "examples:\n"
        "  perfeval audit examples/yueyang-2020-accounts.yaml\n"
        "  perfeval audit accounts/*.yaml --format csv -o audit.csv\n",
        "示例：\n"
        "  perfeval audit examples/yueyang-2020-accounts.yaml\n"
        "  perfeval audit accounts/*.yaml --format csv -o audit.csv\n",
    ),
    "help.accounts-files": ("accounts YAML files", "决算 YAML 文件"),
    "help.review": (
        "re-score published forms as they are and list where they depart",
        "按原样复核公布的自评表，列出与规则不符之处",
    ),
    "help.review.description": (
        "Review each published form (a card with the form's reported: scores): score every "
        "row by the rules on the form's own points, show 公布得分 beside 复核得分, and list "
        "every departure as a finding. Folders and several files give a ranking, the forms "
        "that depart furthest first. Exit 0 when every form agrees with the rules, 1 when one "
        "departs, 2 when one cannot be read.",
        "复核每张公布的自评表（带有表中 reported: 得分的自评表）：按表中自己的分值依规则为每一行"
        "评分，公布得分与复核得分并列，并把每一处不符列为需说明事项。文件夹或多个文件给出排名，"
        "偏离最大的在前。全部与规则相符时退出码为 0，有不符时为 1，有无法读取的为 2。",
    ),
    "help.review.examples": (
        "examples:\n"
        "  perfeval review examples/zhongjiang-2022.yaml          # exit 1: the form departs\n"
        "  perfeval review published/ --format csv -o review.csv  # a folder, ranked\n",
        "示例：\n"
        "  perfeval review examples/zhongjiang-2022.yaml          # 退出码 1：该表与规则不符\n"
        "  perfeval review published/ --format csv -o review.csv  # 一个文件夹，排名\n",
    ),
    "help.review-files": (
        "cards, published forms (.docx, .html, .pdf, .xlsx), folders or globs",
        "自评表、公布的表格（.docx、.html、.pdf、.xlsx）、文件夹或通配符",
    ),
    "help.explain-reading": (
        "say on stderr which column of each form every field was read from",
        "在标准错误中说明每个字段读自表格的哪一列",
    ),
    "help.review-jobs": (
        "processes to read and review with (0: one per CPU; default 1); the output is the same",
        "读取和复核使用的进程数（0：每个 CPU 一个；默认 1）；输出相同",
    ),
    "help.import": (
        "read a filled-in 自评表 workbook into a scorecard",
        "把填好的自评表工作簿读成自评表 YAML",
    ),
    "help.import.description": (
        "Read each sheet of an .xlsx 自评表 (perfeval's own layout, or the official one with "
        "指标性质/指标值/度量单位) into scorecard YAML; every cell that cannot be read is named by "
        "sheet and address. Needs perfeval[excel].",
        "把 .xlsx 自评表的每个工作表（perfeval 自己的版式，或带 指标性质/指标值/度量单位 的官方"
        "版式）读成自评表 YAML；无法读取的单元格按工作表和地址指出。需要 perfeval[excel]。",
    ),
    "help.import.examples": (
        "examples:\n"
        "  perfeval import 自评表.xlsx -o card.yaml\n"
        "  perfeval import book.xlsx -o cards.yaml   # several sheets: cards-1.yaml, …\n"
        "  perfeval import 自评表.docx -o form.yaml   # a published form, for perfeval review\n",
        "示例：\n"
        "  perfeval import 自评表.xlsx -o card.yaml\n"
        "  perfeval import book.xlsx -o cards.yaml   # 多个工作表：每表一个文件，名称后加序号\n"
        "  perfeval import 自评表.docx -o form.yaml   # 公布的表格，供 perfeval review 复核\n",
    ),
    "help.workbook": (
        "an .xlsx workbook, or a form (.docx, .html, .pdf)",
        ".xlsx 工作簿，或表格（.docx、.html、.pdf）",
    ),
    "help.import-review": (
        "read an .xlsx as a published form (perfeval-review card, scores as reported)",
        "把 .xlsx 作为公布的表格读取（perfeval-review 自评表，得分按公布值）",
    ),
    "help.import-explain": (
        "say on stderr which column of the form every field was read from",
        "在标准错误中说明每个字段读自表格的哪一列",
    ),
    "help.frameworks": ("list the frameworks, or show one", "列出指标体系，或显示其中一个"),
    "help.frameworks.description": (
        "List the shipped frameworks, or show the groups, weights and kind names of one (by "
        "name or file path).",
        "列出内置的指标体系，或显示其中一个（按名称或文件路径）的一级指标、分值和指标类型名称。",
    ),
    "help.frameworks.examples": (
        "examples:\n"
        "  perfeval frameworks                   # list the shipped frameworks\n"
        "  perfeval frameworks mof-2020-project  # groups, weights and kinds of one\n",
        "示例：\n"
        "  perfeval frameworks                   # 列出内置的指标体系\n"
        "  perfeval frameworks mof-2020-project  # 其中一个的一级指标、分值和指标类型\n",
    ),
    "help.framework-name": ("framework name or path", "指标体系名称或路径"),
    "help.schema": (
        "print the JSON Schema of the scorecard format (or of results)",
        "打印自评表格式（或结果）的 JSON Schema",
    ),
    "help.schema.description": (
        "Print a JSON Schema of scorecard format 1, for editors; with --results, the schema of "
        "what score --format json, perfeval.to_json and Result.to_dict() give.",
        "打印自评表格式 1 的 JSON Schema，供编辑器使用；加 --results 时打印 score --format "
        "json、perfeval.to_json 和 Result.to_dict() 输出的结构。",
    ),
    "help.schema.examples": (
        "examples:\n"
        "  perfeval schema -o perfeval-scorecard.schema.json\n"
        "  # then, first line of a card:  # yaml-language-server: "
        "$schema=perfeval-scorecard.schema.json\n"
        "  perfeval schema --results -o perfeval-results.schema.json\n",
        "示例：\n"
        "  perfeval schema -o perfeval-scorecard.schema.json\n"
        "  # 然后在自评表第一行写：  # yaml-language-server: "
        "$schema=perfeval-scorecard.schema.json\n"
        "  perfeval schema --results -o perfeval-results.schema.json\n",
    ),
    "help.results": (
        "the schema of results (JSON output), version 1",
        "结果（JSON 输出）的结构，版本 1",
    ),
}

#: argparse's own words (its gettext message ids) in Chinese; the English is argparse's.
ARGPARSE: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "须给出参数 %s 之一",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r（应为整数）",  # --jobs, --width
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "至多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
    "ambiguous option: %(option)s could match %(matches)s":
        "有歧义的选项：%(option)s 可匹配 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式参数 %r",
    "unexpected option string: %s": "意外的选项：%s",
}  # fmt: skip

#: Keys whose two templates use different params on purpose, and which ones:
#: zh names the grade once (优), en gives both; zh adds the code's Chinese name.
ONE_LANGUAGE_PARAMS: dict[str, frozenset[str]] = {
    "grade.label": frozenset({"en"}),
    "finding.line": frozenset({"name"}),
    "unit-per-period": frozenset({"period_en"}),
}

#: Reading published forms and workbooks (perfeval/forms.py, grid.py,
#: excel_import.py): their problems (matched like :data:`ERRORS`), the notes
#: and the reading map. Places (``table 2, row 7, column 5``) are sentences too.
FORMS: dict[str, tuple[str, str]] = {
    # where a cell is
    "place.cell": ("{table}, row {row}, column {column}", "{table}，第 {row} 行第 {column} 列"),
    "place.table": ("table {n}", "表 {n}"),
    "place.form": ("table {n}, form {m}", "表 {n} 中第 {m} 张表"),
    "place.page": ("page {page}, table {n}", "第 {page} 页表 {n}"),
    "place.page-form": ("page {page}, table {n}, form {m}", "第 {page} 页表 {n} 中第 {m} 张表"),
    "place.sheet": ("sheet {name}", "工作表 {name}"),
    "place.sheet-cell": ("sheet {name}, {cell}", "工作表 {name}，{cell}"),
    "place.above": ("the text above table {n}", "表 {n} 上方的文字"),
    # files and formats
    "forms.needs-library": (
        "reading {suffix} forms needs {library}: pip install 'perfeval[{extra}]' "
        "(or 'perfeval[forms]' for every format)",
        "读取 {suffix} 表格需要安装 {library}：pip install 'perfeval[{extra}]'"
        "（或安装 'perfeval[forms]'，读取所有格式）",
    ),
    "forms.legacy": (
        "{suffix} is the old binary format, which perfeval does not read: open the file "
        "and save it as {save}",
        "{suffix} 是旧版二进制格式，perfeval 不读取：请打开该文件，另存为 {save}",
    ),
    "forms.not-a-form": (
        "not a form perfeval reads: expected one of {suffixes}",
        "不是 perfeval 能读取的表格：应为 {suffixes} 之一",
    ),
    "forms.no-form": (
        "no 自评表 found in {count} table(s): expected a header row with 三级指标 "
        "(or 指标名称), 年度指标值 (or 指标性质 and 指标值) and 分值 (or 权重)",
        "在 {count} 个表格中没有找到自评表：应有一行表头，含三级指标（或指标名称）、"
        "年度指标值（或指标性质和指标值）和分值（或权重）",
    ),
    "forms.no-points": (
        "the form publishes no points: {tables} has 三级指标 and targets but no 分值 (or "
        "权重) column, so no row can be re-scored; ask the unit for its points "
        "({count} table(s) read)",
        "该表未公布分值：{tables} 有三级指标和指标值，但没有分值（或权重）列，无法逐项复核；"
        "请向单位索取各项分值（共读取 {count} 个表格）",
    ),
    "forms.word-unreadable": (
        "cannot read the Word document (python-docx said: {error})",
        "无法读取 Word 文档（读取库 python-docx 的原话：{error}）",
    ),
    "forms.page-empty": ("the page is empty", "网页为空"),
    "forms.page-unreadable": (
        "cannot read the page (lxml said: {error})",
        "无法读取网页（读取库 lxml 的原话：{error}）",
    ),
    "forms.word-too-big": (
        "the Word document's text unpacks to {size} bytes; the limit is {limit}",
        "Word 文档的正文解压后为 {size} 字节；上限为 {limit} 字节",
    ),
    "forms.pdf-inflates": (
        "the PDF's compressed contents unpack to more than {limit} bytes; a form's take a"
        " few MB, so the file is not read",
        "PDF 的压缩内容解压后超过 {limit} 字节；一张自评表只有几 MB，故不读取此文件",
    ),
    "forms.too-many-tables": (
        "this file has {count} tables, more than the {limit} a form file is read with; "
        "a department's report has a few hundred, so the file is not read",
        "本文件有 {count} 个表格，超过读取上限 {limit}；一份部门报告只有几百个表格，故不读取此文件",
    ),
    "forms.too-many-cells": (
        "the tables of this file cover more than {limit} cells (merged cells counted at every"
        " cell they cover); a form has a few hundred, so the file is not read",
        "本文件各表合计超过 {limit} 个单元格（合并单元格按其覆盖的每一格计）；"
        "一张自评表只有几百格，故不读取此文件",
    ),
    "forms.too-deep": (
        "table {table} is nested {depth} elements deep; the limit is {limit}",
        "表 {table} 嵌套在 {depth} 层元素中；上限为 {limit} 层",
    ),
    "forms.pdf-unreadable": (
        "cannot read the PDF (pdfminer said: {error})",
        "无法读取 PDF（读取库 pdfminer 的原话：{error}）",
    ),
    "forms.pdf-not-pdf": (
        "the file is not a PDF (it has no %PDF- header): is it another file renamed .pdf?",
        "该文件不是 PDF（没有 %PDF- 文件头）：是否是改了后缀名的其他文件？",
    ),
    "forms.pdf-no-pages": ("the PDF has no pages", "该 PDF 没有页面"),
    "forms.pdf-encrypted": (
        "the PDF is protected by a password: ask for a copy without one",
        "该 PDF 设有密码保护：请索取未加密的副本",
    ),
    "forms.pdf-damaged": (
        "the PDF is damaged or cut short (a download or copy that did not finish?); "
        "pdfminer said: {error}",
        "该 PDF 已损坏或不完整（下载或复制未完成？）（读取库 pdfminer 的原话：{error}）",
    ),
    "forms.pdf-pages": (
        "the PDF has {count} pages; the limit is {limit}",
        "PDF 共 {count} 页；上限为 {limit} 页",
    ),
    "forms.scanned": (
        "the PDF has no text layer (scanned images): reading scans is out of scope; "
        "ask for the form as .docx, .xlsx or a PDF saved from them",
        "PDF 没有文字层（扫描图像）：perfeval 不识别扫描件；"
        "请索取 .docx、.xlsx 格式的表格，或由其另存的 PDF",
    ),
    # the reading map (--explain-reading, import's header comment)
    "forms.column": ("{field} ← column {column} ({label})", "{field} ← 第 {column} 列（{label}）"),
    "forms.no-column": ("{field}: no such column (not read)", "{field}：表中无此列（未读取）"),
    "forms.note": ("perfeval: note: {text}", "perfeval：提示：{text}"),
    "forms.read-from": (
        "# Read from {source}, {table}, by perfeval import.\n"
        "# Check each figure against the form, correct a misread cell here, then\n"
        "# perfeval review this file. Columns read:",
        "# 由 perfeval import 读自 {source}，{table}。\n"
        "# 请逐项与原表核对，在此更正读错的单元格，然后\n"
        "# 用 perfeval review 复核本文件。读取的列：",
    ),
    "forms.unread-row": (
        "# UNREAD (left out, not guessed): {problem}",
        "# 未读取（已略去，未猜测）：{problem}",
    ),
    "forms.from-formula": (
        "# {cell}: a formula; its value as last computed is taken ({value})",
        "# {cell}：公式单元格；取其最近一次计算的值（{value}）",
    ),
    # the grid
    "grid.no-table": (
        "no indicator table: expected a header row with 三级指标, "
        "年度指标值 (or 指标性质 and 指标值) and 分值",
        "没有指标表：应有一行表头，含三级指标、年度指标值（或指标性质和指标值）和分值",
    ),
    "grid.no-name": (
        "this row has 分值 and a target or actual but no 三级指标 (the indicator's "
        "name): write the name, or clear the row",
        "此行有分值和指标值或实际完成值，但没有三级指标（指标名称）：请填写名称，或清空此行",
    ),
    "grid.budget-row-no-funds": (
        "the 预算执行率 row has points, but the sheet has no "
        "funds table (年初预算数, 全年预算数, 全年执行数) above the indicators",
        "预算执行率一行有分值，但指标表上方没有资金表（年初预算数、全年预算数、全年执行数）",
    ),
    "grid.no-title": (
        "{file}: {sheet}: the sheet has no title row; the card's title "
        "'{title}' is taken from the file name",
        "{file}：{sheet}：表格没有标题行；自评表标题 '{title}' 取自文件名",
    ),
    "grid.funds-empty": (
        "{file}: {sheet}: the funds table has no figures under 全年预算数",
        "{file}：{sheet}：资金表的全年预算数下没有数字",
    ),
    "grid.rate-unread": (
        "{file}: {where}: the printed 执行率 '{text}' is not read as a percentage (such "
        "as 95% or 95.00%), so it is not checked against the amounts",
        "{file}：{where}：表中执行率 '{text}' 无法读作百分数（如 95% 或 95.00%），未与金额核对",
    ),
    "grid.funds-no-row": (
        "the funds table has no row of figures under 全年预算数",
        "资金表的全年预算数下没有一行数字",
    ),
    "grid.budget-amount": (
        "the budget's {key} amount must be a number",
        "预算的 {key} 金额必须是数字",
    ),
    "grid.no-kind": (
        "'{name}': no 二级指标 (the kind) is given",
        "'{name}'：没有给出二级指标（指标类型）",
    ),
    "grid.points-nan": (
        "'{name}': 分值 must be a number; found '{found}'",
        "'{name}'：分值必须是数字；实际为 '{found}'",
    ),
    "grid.points-huge": (
        "'{name}': 分值 must be a finite number below 10^15; found '{found}'",
        "'{name}'：分值必须是小于 10^15 的有限数；实际为 '{found}'",
    ),
    "grid.score-nan": (
        "'{name}': 得分 must be a number; found '{found}'",
        "'{name}'：得分必须是数字；实际为 '{found}'",
    ),
    "grid.score-huge": (
        "'{name}': 得分 must be a finite number below 10^15; found '{found}'",
        "'{name}'：得分必须是小于 10^15 的有限数；实际为 '{found}'",
    ),
    "grid.evaluator-nan": (
        "'{name}': the evaluator's score must be a number; found '{found}'",
        "'{name}'：评价人评分必须是数字；实际为 '{found}'",
    ),
    "grid.evaluator-huge": (
        "'{name}': the evaluator's score must be a finite number below 10^15; found '{found}'",
        "'{name}'：评价人评分必须是小于 10^15 的有限数；实际为 '{found}'",
    ),
    "grid.no-actual": ("'{name}': no 实际完成值", "'{name}'：没有实际完成值"),
    "forms.not-joined": (
        "{table} has no header of its own and rows like those of {table0}, but is not read "
        "as its continuation: text other than 续表 stands between them (or they differ in "
        "width); if it goes on with that form, perfeval import the document and add its rows",
        "{table}没有表头，其各行与{table0}的指标行相同，但因两表之间有“续表”以外的文字（或列数不同），"
        "未作为其续表读取；如确为续表，请 perfeval import 后补入这些行",
    ),
    "grid.no-actual-column": (
        "the indicator table has no 实际完成值 column (nor 全年实际值, 完成值, 实际完成情况 …), "
        "so no row can be re-scored: a table of targets only (绩效目标表) is not a self-evaluation",
        "指标表没有实际完成值列（也没有全年实际值、完成值、实际完成情况等），无法逐项复核："
        "只列指标值的表（绩效目标表）不是自评表",
    ),
    "grid.two-figures": (
        "'{name}': its {label} holds two figures on lines of their own ('{first}' and "
        "'{second}'); read as one they would run together: give the one figure the row is "
        "scored on (perfeval import, then correct the card)",
        "'{name}'：{label}中分行写有两个数（'{first}' 和 '{second}'），合读会连成一个数："
        "请只保留该行据以计分的一个数（perfeval import 后修改自评表）",
    ),
    "grid.shared-cell": (
        "'{name}': its {label} is one cell merged with the row above ('{above}'), "
        "{value}; the form does not say how it splits between the two indicators: give each "
        "row its own {label} (perfeval import, then correct the card)",
        "'{name}'：{label}与上一行（'{above}'）合并为一个单元格（{value}），表中未写明两项指标"
        "各占多少：请为每行分别填写{label}（perfeval import 后修改自评表）",
    ),
    "grid.no-target": ("'{name}': no 年度指标值", "'{name}'：没有年度指标值"),
    "grid.rule-settings": (
        "'{name}': the {rule} rule's settings are not in the workbook; "
        "add them to the card by hand",
        "'{name}'：{rule} 规则的设置不在工作簿中；请手工写入自评表",
    ),
    "grid.nature": (
        "'{name}': 指标性质 '{nature}' is not one of {natures}",
        "'{name}'：指标性质 '{nature}' 不是 {natures} 之一",
    ),
    # workbooks and Word documents (zip files)
    "zip.unreadable": (
        "cannot read the workbook: not an {suffix} file ({error})",
        "无法读取工作簿：不是 {suffix} 文件（{error}）",
    ),
    "zip.unreadable-docx": (
        "cannot read the Word document: not a {suffix} file ({error})",
        "无法读取 Word 文档：不是 {suffix} 文件（{error}）",
    ),
    "zip.too-big": (
        "the workbook unpacks to {total} bytes; the limit is {limit}",
        "工作簿解压后为 {total} 字节；上限为 {limit} 字节",
    ),
    "zip.too-big-docx": (
        "the Word document unpacks to {total} bytes; the limit is {limit}",
        "Word 文档解压后为 {total} 字节；上限为 {limit} 字节",
    ),
    "zip.bomb": (
        "the workbook member {member} unpacks {ratio} times its size (a zip bomb?); "
        "the limit is {limit}",
        "工作簿中的 {member} 解压后为压缩大小的 {ratio} 倍（压缩炸弹？）；上限为 {limit} 倍",
    ),
    "zip.bomb-docx": (
        "the Word document member {member} unpacks {ratio} times its size (a zip bomb?); "
        "the limit is {limit}",
        "Word 文档中的 {member} 解压后为压缩大小的 {ratio} 倍（压缩炸弹？）；上限为 {limit} 倍",
    ),
    "workbook.cells": (
        "the workbook has more than {limit} cells",
        "工作簿的单元格超过 {limit} 个",
    ),
    "workbook.strings": (
        "the workbook has more than {limit} shared texts",
        "工作簿的共享文本超过 {limit} 条",
    ),
    "workbook.entries": (
        "the workbook has more than {limit} merged ranges, conditional formats, data"
        " validations, defined names and cell styles together; a 自评表 has a few dozen",
        "工作簿的合并区域、条件格式、数据验证、定义的名称和单元格样式合计超过 {limit} 个；"
        "一张自评表只有几十个",
    ),
    "workbook.text": (
        "the workbook holds a text of {length} characters{where}; the limit of a cell is {limit}",
        "工作簿中有一段 {length} 个字符的文字{where}；单元格上限为 {limit} 个字符",
    ),
    "workbook.unreadable": ("cannot read the workbook: {error}", "无法读取工作簿：{error}"),
    "workbook.damaged": (
        "the workbook is damaged, or not a workbook: {error}",
        "工作簿已损坏，或不是工作簿（{error}）",
    ),
    "workbook.library": (
        "cannot read the workbook (openpyxl said: {error})",
        "无法读取工作簿（读取库 openpyxl 的原话：{error}）",
    ),
    "workbook.sheets": (
        "the workbook has more than {limit} sheets",
        "工作簿的工作表超过 {limit} 个",
    ),
    "workbook.rows": (
        "the sheet has more than {rows} rows; the limit is {limit}",
        "工作表超过 {rows} 行；上限为 {limit} 行",
    ),
    "workbook.columns": ("the sheet has more than {limit} columns", "工作表超过 {limit} 列"),
    "workbook.cell-chars": (
        "the cell holds {count} characters; the limit is {limit}",
        "单元格有 {count} 个字符；上限为 {limit} 个",
    ),
    "workbook.hidden-unreadable": (
        "perfeval's data in the hidden sheet cannot be read: {reason}",
        "隐藏工作表中 perfeval 的数据无法读取：{reason}",
    ),
    "workbook.hidden-not-card": (
        "perfeval's data in the hidden sheet is not a card mapping",
        "隐藏工作表中 perfeval 的数据不是自评表映射",
    ),
    "workbook.kept-framework": (
        "the kept framework '{name}' is neither a shipped framework nor a .yaml file",
        "保存的框架 '{name}' 既不是内置框架，也不是 .yaml 文件",
    ),
    "workbook.budget-amount": (
        "the budget's {key} amount must be a number; found '{found}'",
        "预算的 {key} 金额必须是数字；实际为 '{found}'",
    ),
    "workbook.budget-points": (
        "the budget's 分值 must be a number; found '{found}'",
        "预算的分值必须是数字；实际为 '{found}'",
    ),
    "workbook.no-header": ("the indicator table's header row is missing", "缺少指标表的表头行"),
    "workbook.typed-score": (
        "'{name}': 得分 must be a number (or the sheet's formula); found '{found}'",
        "'{name}'：得分必须是数字（或表中的公式）；实际为 '{found}'",
    ),
    "workbook.formula": (
        "'{name}': the cell holds a formula ({formula}) and no value computed by a "
        "spreadsheet program: open the workbook, let it compute, save it, and import again",
        "'{name}'：该单元格是公式（{formula}），没有表格软件计算出的值：请打开工作簿，"
        "待其计算后保存，再导入",
    ),
    # cards: limits named as they are (perfeval/_yaml.py)
    "yaml.utf32": ("the file is UTF-32; save it as UTF-8", "文件为 UTF-32 编码；请另存为 UTF-8"),
    "yaml.values": (
        "the document holds more than {n} values (keys, items and texts; a card of "
        "1,000 indicators holds about 15,000): split it into several cards",
        "文件中的值（键、列表项和文字）超过 {n} 个（1,000 项指标的自评表约有 15,000 个）："
        "请拆分为多张自评表",
    ),
    "workbook.placed": ("'{name}' ({path}): {message}", "'{name}'（{path}）：{message}"),
}

#: Every key of every concern; a key is in exactly one table.
CATALOGUE: dict[str, tuple[str, str]] = {**CLI, **WORDS, **HELP, **ERRORS, **FORMS}
