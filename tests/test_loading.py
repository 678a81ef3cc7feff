"""Spec §1 and §8: reading scorecard files, and every error with its place."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import ScorecardError, load, loads

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
perfeval: 1
title: 测试
weights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}
indicators:
  - id: a
    name: 信息采集
    kind: 数量
    weight: 100
    target: 20万条以上
    actual: 22.88万条
"""


def errors(text: str) -> list[str]:
    """Every problem of a text as the CLI prints it."""
    with pytest.raises(ScorecardError) as info:
        loads(text, source="card.yaml")
    return [str(p) for p in info.value.problems]


def test_a_good_card_loads() -> None:
    card = loads(GOOD)
    assert card.title == "测试"
    assert card.indicators[0].target == perfeval.parse_target("≥200000条")
    assert card.indicators[0].actual.value == Decimal(228800)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "card.yaml:1:1: (file): the file is empty; a scorecard starts with 'perfeval: 1'"),
        (
            "# only a comment\n",
            "card.yaml:1:1: (file): the file is empty; a scorecard starts with 'perfeval: 1'",
        ),
        (
            "- a\n- b\n",
            "card.yaml:1:1: (file): expected a scorecard mapping (perfeval: 1, title:, "
            "indicators:); found a list",
        ),
        (
            "just text\n",
            "card.yaml:1:1: (file): expected a scorecard mapping (perfeval: 1, title:, "
            "indicators:); found 'just text'",
        ),
    ],
)
def test_not_a_scorecard(text: str, expected: str) -> None:
    assert errors(text) == [expected]


def test_unknown_keys_say_did_you_mean_at_the_key() -> None:
    text = GOOD.replace("    weight: 100", "    wieght: 100")
    assert errors(text) == [
        "card.yaml:5:5: indicators[0].weight: 'weight' is required",
        "card.yaml:8:5: indicators[0].wieght: unknown key 'wieght' (did you mean 'weight'?); "
        "expected one of: id, name, kind, aspect, weight, target, actual, rule, note, score, "
        "reported, applicable, standard, formula, steps, deduct, checklist",
    ]


def test_top_level_unknown_key() -> None:
    assert errors(GOOD + "titel: x\n")[0].startswith(
        "card.yaml:11:1: titel: unknown key 'titel' (did you mean 'title'?)"
    )


def test_missing_required_keys() -> None:
    assert errors("perfeval: 1\n") == [
        "card.yaml:1:1: title: 'title' is required",
        "card.yaml:1:1: indicators: 'indicators' is required",
    ]


@pytest.mark.parametrize(
    ("version", "found"),
    [
        ("2", "the number 2"),
        ('"1"', "'1'"),
        ("yes", "'yes', which YAML reads as a boolean (quote it if you meant text)"),
        ("1.0", "the number 1.0"),
    ],
)
def test_wrong_version(version: str, found: str) -> None:
    if version == "1.0":  # 1.0 equals 1: accepted, as YAML has no separate integer meaning here
        loads(GOOD.replace("perfeval: 1", f"perfeval: {version}"))
        return
    assert errors(GOOD.replace("perfeval: 1", f"perfeval: {version}")) == [
        f"card.yaml:1:11: perfeval: expected the format version 1; found {found}"
    ]


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    text = GOOD.replace("    weight: 100\n", "    weight: 100\n    weight: 50\n")
    assert errors(text) == [
        "card.yaml:9:5: indicators[0].weight: duplicate key 'weight' (first given on line 8); "
        "YAML would keep only the last value and lose the other"
    ]


def test_duplicate_ids() -> None:
    text = GOOD.replace("weight: 100", "weight: 50") + GOOD.split("indicators:\n")[1].replace(
        "weight: 100", "weight: 50"
    )
    assert errors(text) == [
        "card.yaml:11:9: indicators[1].id: the id 'a' is already used by indicators[0]; "
        "ids must be unique"
    ]


def test_unquoted_greater_than_gets_a_hint() -> None:
    """`target: >=200000` starts a YAML folded block: say how to write it."""
    text = GOOD.replace("target: 20万条以上", "target: >=200000")
    (message,) = errors(text)
    assert message.startswith("card.yaml:9:13: (file): YAML reads '>' at the start of a value")
    assert "write ≥ instead of >=" in message


def test_tabs_are_explained() -> None:
    (message,) = errors(GOOD.replace("    weight: 100", "\tweight: 100"))
    assert message.startswith("card.yaml:8:1: (file): a tab is used for indentation")


def test_several_documents_are_an_error() -> None:
    (message,) = errors(GOOD + "---\nperfeval: 1\n")
    assert message.startswith("card.yaml:11:1: (file): the file holds more than one YAML document")


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system",
        "!!binary aGk=",
        "!custom x",
    ],
)
def test_tags_never_construct_anything(tag: str) -> None:
    (message,) = errors(GOOD.replace("name: 信息采集", f"name: {tag}"))
    assert "YAML tags such as" in message
    assert "nothing is constructed" in message


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "perfeval: 1\ntitle: t\n" + "\n".join(lines) + "\nindicators: []\n"
    (message,) = errors(text)
    assert "expands to more than 100,000 values" in message


def test_deep_nesting_is_bounded() -> None:
    text = "perfeval: 1\ntitle: t\nindicators: " + "[" * 40 + "]" * 40 + "\n"
    (message,) = errors(text)
    assert "nested more than 32 levels deep" in message


def test_huge_text_is_refused() -> None:
    text = GOOD + "#" * (perfeval.read._yaml.MAX_BYTES + 1)
    (message,) = errors(text)
    assert "larger than the limit of 5,242,880 bytes" in message


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("yes", "'yes', which YAML reads as a boolean (quote it if you meant text)"),
        ("2024-01-01", "'2024-01-01', which YAML reads as a date (quote it)"),
        (".nan", "NaN (not a number)"),
        (".inf", "an infinity"),
        ("[1, 2]", "a list"),
    ],
)
def test_yaml_surprises_in_numbers(value: str, found: str) -> None:
    text = GOOD.replace("    weight: 100", f"    weight: {value}")
    assert errors(text) == [
        f"card.yaml:8:13: indicators[0].weight: expected a weight (分值); found {found}"
    ]


def test_empty_value_is_placed_where_yaml_sees_it() -> None:
    text = GOOD.replace("    weight: 100", "    weight:")
    assert errors(text) == [
        "card.yaml:8:12: indicators[0].weight: expected a weight (分值); found an empty value"
    ]


def test_yaml_surprises_in_text() -> None:
    text = GOOD.replace("name: 信息采集", "name: no")
    assert errors(text) == [
        "card.yaml:6:11: indicators[0].name: expected text; found 'no', which YAML reads as a "
        "boolean (quote it if you meant text)"
    ]


def test_target_parse_error_points_at_the_text() -> None:
    text = GOOD.replace("target: 20万条以上", "target: 不少于10次以下")
    (message,) = errors(text)
    lines = message.splitlines()
    assert lines[0] == (
        "card.yaml:9:13: indicators[0].target: the comparator '不少于' (>=) before the number "
        "contradicts '以下' (<=) after it; write one of them"
    )
    assert lines[1:] == ["    '不少于10次以下'", "               ^~~~"]


def test_all_errors_in_a_file_are_reported_together() -> None:
    text = """\
perfeval: 1
title: ""
precision: 9
indicators:
  - name: a
    kind: 数量
    weight: -3
    target: ""
    actual: 5
  - name: b
    kind: 效益
    weight: 10
    target: ≥5件
    actual: 5次
"""
    assert errors(text) == [
        "card.yaml:2:8: title: expected text; found an empty string",
        "card.yaml:3:12: precision: expected a whole number from 0 to 6; found 9",
        "card.yaml:7:13: indicators[0].weight: expected a weight (分值) greater than 0; found -3",
        "card.yaml:8:13: indicators[0].target: expected text; found an empty string",
        "card.yaml:11:11: indicators[1].aspect: kind 'benefit' needs an aspect: one of economic, "
        "social, ecological, sustainability (or write kind: economic-benefit)",
        "card.yaml:14:13: indicators[1].actual: the actual '5次' is in 次, which cannot be "
        "compared with the target's unit 件 ('≥5件'); write both in one unit",
    ]


def test_error_attributes_describe_the_first_problem() -> None:
    with pytest.raises(ScorecardError) as info:
        loads(GOOD.replace("weight: 100", "weight: 0"), source="x.yaml")
    error = info.value
    assert (error.file, error.line, error.column) == ("x.yaml", 8, 13)
    assert error.path == "indicators[0].weight"
    assert error.message == "expected a weight (分值) greater than 0; found 0"
    assert isinstance(error, ValueError)


def test_files_utf8_with_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    assert load(path).title == "测试"


def test_gbk_files_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(ScorecardError) as info:
        load(path)
    assert "looks like GBK" in info.value.message
    assert "iconv -f GBK -t UTF-8" in info.value.message
    assert info.value.line == 2


def test_binary_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\x00\x01\x02\xff\xfe" * 10)
    with pytest.raises(ScorecardError, match="binary"):
        load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScorecardError, match="cannot read the file: No such file"):
        load(tmp_path / "nope.yaml")


def test_from_dict_has_paths_but_no_lines() -> None:
    with pytest.raises(ScorecardError) as info:
        perfeval.from_dict({"perfeval": 1, "title": "t", "indicators": "x"})
    assert str(info.value) == "indicators: expected a list of indicators; found 'x'"
    assert info.value.line is None


def test_from_dict_reads_floats_through_str() -> None:
    card = perfeval.from_dict(
        {
            "perfeval": 1,
            "title": "t",
            "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
            "indicators": [
                {"name": "a", "kind": "quantity", "weight": 100.0, "target": ">=0.3", "actual": 0.1}
            ],
        }
    )
    assert card.indicators[0].actual.value == Decimal("0.1")


def test_mapping_targets_and_actuals() -> None:
    text = GOOD.replace("target: 20万条以上", "target: {op: '>=', value: 20, unit: 万元}").replace(
        "actual: 22.88万条", "actual: {value: 228800, unit: 元}"
    )
    card = loads(text)
    assert card.indicators[0].target == perfeval.parse_target("≥200000元")
    assert perfeval.score(card).total == Decimal(100)


def test_unknown_framework_and_kind() -> None:
    assert errors(GOOD.replace("title: 测试", "title: 测试\nframework: mof-2020-projet"))[0] == (
        "card.yaml:3:12: framework: unknown framework 'mof-2020-projet' (did you mean "
        "'mof-2020-project'?); shipped: mof-2013-department, mof-2020-project; or give the path "
        "of a framework file"
    )
    (message,) = errors(GOOD.replace("kind: 数量", "kind: 数目"))
    assert message.startswith("card.yaml:7:11: indicators[0].kind: unknown kind '数目'")


def test_card_units_are_count_units() -> None:
    text = GOOD.replace("target: 20万条以上", "target: ≥20批次").replace(
        "actual: 22.88万条", "actual: 25批次"
    )
    assert perfeval.score(loads(text)).total == Decimal(100)  # 批次 is built in
    text = text.replace("批次", "工日")
    assert "read as qualitative" in errors(text)[0]
    assert perfeval.score(loads(text + "units: [工日]\n")).total == Decimal(100)


@pytest.mark.parametrize("text", ["=", "<<", "~x", "yes please", "1:20", "0x1F"])
def test_scalars_yaml_1_1_might_misread_stay_text(text: str) -> None:
    """A name such as '=' (YAML 1.1's value type) is text, on every path."""
    card = loads(GOOD.replace("name: 信息采集", f"name: {text}"))
    assert card.indicators[0].name == text


def test_same_values_from_the_fast_and_the_located_path() -> None:
    """The event-based fast path and the node-based located path build equal data."""
    from perfeval.read import _yaml

    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _yaml._fast(text) == _yaml.located(text, "x").data


def test_errors_survive_pickling() -> None:
    """Errors cross process boundaries (score_many with jobs) with every problem."""
    import pickle

    with pytest.raises(ScorecardError) as info:
        loads(GOOD.replace("weight: 100", "weight: 0"), source="x.yaml")
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems
    assert str(again) == str(info.value)
    with pytest.raises(perfeval.ExpressionError) as expr:
        perfeval.parse_target("不少于10次以下")
    copy = pickle.loads(pickle.dumps(expr.value))
    assert (copy.text, copy.reason, copy.start, copy.end, str(copy)) == (
        expr.value.text,
        expr.value.reason,
        expr.value.start,
        expr.value.end,
        str(expr.value),
    )


def test_loaded_cards_pickle_whole() -> None:
    """Cards (with the numbers, booleans and dates YAML gave) cross process boundaries."""
    import pickle

    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if "perfeval: 1" not in path.read_text(encoding="utf-8"):
            continue
        card = perfeval.load(path)
        again = pickle.loads(pickle.dumps(card))
        assert again == card
        assert perfeval.score(again).total == perfeval.score(card).total


def test_the_fast_path_counts_each_value_once_however_deep() -> None:
    """A value counts once against MAX_VALUES, not once per enclosing level, so
    a large card stays on the fast path (no cliff into the located node tree)."""
    import random

    from bench.generate import card_text
    from perfeval.core import limits
    from perfeval.read import _yaml

    card = card_text(1, random.Random(10_000), 10_000)
    assert isinstance(_yaml._fast(card), dict)  # no _UnusualError: no fallback
    nested = "a: [[" + ", ".join(["1"] * (limits.MAX_VALUES - 3)) + "]]\n"
    assert len(_yaml._fast(nested)["a"][0]) == limits.MAX_VALUES - 3  # exactly the limit
    with pytest.raises(_yaml._UnusualError):
        _yaml._fast("a: [[" + ", ".join(["1"] * (limits.MAX_VALUES - 2)) + "]]\n")


@pytest.mark.parametrize("version", [Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity"), True, 2])
def test_the_format_version_is_1_and_a_nan_is_an_error(version: object) -> None:
    """A signalling NaN raised decimal.InvalidOperation through from_dict."""
    data = {"perfeval": version, "title": "t", "indicators": []}
    with pytest.raises(perfeval.ScorecardError, match="expected the format version 1"):
        perfeval.from_dict(data)


@pytest.mark.parametrize(
    "text",
    [
        *("0", "7", "10", "00", "007", "0123", "08", "1_000", "0x1F", "0o17", "0b101", "1:20"),
        *("0.5", "10.25", "0.50", "00.5", "1.", ".5", "+1", "-1", "1e5", "1.5e+3", "1.5E-3"),
        *("1.2.3", "2020-01-01", "12:30:00", ".inf", "-.Inf", ".NaN", "1,000", "٣", "１０"),
        *("yes", "Yes", "YES", "yEs", "no", "NO", "on", "On", "oN", "off", "OFF", "true"),
        *("True", "tRUE", "false", "FALSE", "null", "Null", "NULL", "nULL", "y", "n", "Y"),
        *("N", "output", "ratio", "number", "tier", "NaN", "inf", "NULLs", "yes2", "ÿes"),
        *(
            "24小时内",
            "100%",
            "= 0起",
            "0起",
            "1２",
            "1.5万",
            "2020-01-0１",
            "+∞",
            "\uff59es",
        ),  # (a full-width y)
    ],
)
def test_the_fast_path_reads_each_plain_scalar_as_the_resolver_does(text: str) -> None:
    """The fast path's shortcuts (simple numbers, plain words) give what
    YAML 1.1's resolver and the located path give, as value and as type."""
    from perfeval.read import _yaml

    document = f"a: {text}\n"
    fast = _yaml._fast(document)
    slow = _yaml.located(document, "x").data
    assert repr(fast) == repr(slow)  # (repr, not ==: NaN is not equal to itself)
    assert type(fast["a"]) is type(slow["a"])
    assert _yaml.written(fast["a"]) == _yaml.written(slow["a"])


def test_every_yaml_resolver_matches_ascii_text_only() -> None:
    """The fast path takes any text with a non-ASCII character as text
    without asking the resolver: true while no resolver's pattern has a
    Unicode-wide class (\\d, \\s, \\w) or a non-ASCII character."""
    import re

    import yaml

    for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values():
        for _tag, pattern in resolvers:
            assert pattern.pattern.isascii()
            assert not re.search(r"\\[dswDSW]", pattern.pattern), pattern.pattern


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: &x 2\nc: *x\n", "- &a 1\n- *a\n- &a 2\n- *a\n", "a: &x [1]\nb: &x {c: 2}\n"],
)
def test_an_anchor_given_twice_is_refused_on_both_paths(text: str) -> None:
    """YAML (and PyYAML's composer) refuses a second &x; the fast path leaves
    it to the located path, which says where, rather than taking the last."""
    from perfeval.read import _yaml

    with pytest.raises(_yaml._UnusualError):
        _yaml._fast(text)
    with pytest.raises(_yaml.YamlProblemsError, match="duplicate anchor"):
        _yaml.located(text, "x.yaml")


@pytest.mark.parametrize("digits", ["1" * 5000, "1_1" * 3000])
def test_a_number_beyond_python_int_digits_reads_the_same_on_both_paths(digits: str) -> None:
    """int() refuses more than 4,300 digits; a plain number that long is the
    Decimal it says on both paths, one with underscores stays text, and a
    card holding one gets an error, never a traceback (also when another
    problem sends it down the located path)."""
    from perfeval.read import _yaml

    text = f"y: {digits}\n"
    fast, slow = _yaml._fast(text), _yaml.located(text, "x").data
    assert repr(fast) == repr(slow)
    assert type(fast["y"]) is type(slow["y"])
    card = GOOD.replace("weight: 100", f"weight: {digits}")
    with pytest.raises(ScorecardError, match="weight"):
        loads(card)
    with pytest.raises(ScorecardError, match="duplicate key"):
        loads(card.replace("title:", "title: x\ntitle:"))
