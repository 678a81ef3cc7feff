"""Spec §4: frameworks in indicators/, by name or by path."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import ScorecardError, get_framework, load_framework
from perfeval.read.frameworks import framework_dir, framework_names

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", framework_names())
def test_every_shipped_framework_loads(name: str) -> None:
    framework = get_framework(name)
    assert framework.id == name
    assert sum(g.weight for g in framework.groups) == framework.total


def test_default_framework_is_10_50_30_10() -> None:
    framework = get_framework("mof-2020-project")
    assert [(g.id, g.weight) for g in framework.groups] == [
        ("budget", Decimal(10)),
        ("output", Decimal(50)),
        ("benefit", Decimal(30)),
        ("satisfaction", Decimal(10)),
    ]
    assert framework.budget_group is not None


@pytest.mark.parametrize(
    ("name", "kind", "aspect"),
    [
        ("quantity", "quantity", None),
        ("数量", "quantity", None),
        ("数量指标", "quantity", None),
        ("质量", "quality", None),
        ("时效指标", "timeliness", None),
        ("成本", "cost", None),
        ("效益", "benefit", None),
        ("economic-benefit", "benefit", "economic"),
        ("经济效益", "benefit", "economic"),
        ("经济效益指标", "benefit", "economic"),
        ("社会效益", "benefit", "social"),
        ("生态效益指标", "benefit", "ecological"),
        ("可持续影响", "benefit", "sustainability"),
        ("sustainability-benefit", "benefit", "sustainability"),
        ("满意度", "satisfaction", None),
        ("服务对象满意度", "satisfaction", None),
        ("Satisfaction", "satisfaction", None),
    ],
)
def test_kind_aliases(name: str, kind: str, aspect: str | None) -> None:
    assert get_framework("mof-2020-project").resolve_kind(name) == (kind, aspect)


def test_the_checkout_folder_is_used_outside_a_wheel() -> None:
    assert framework_dir() in (ROOT / "indicators", ROOT / "perfeval" / "_indicators")
    assert (framework_dir() / "mof-2020-project.yaml").is_file()


CUSTOM = """\
perfeval-framework: 1
id: tiny
zh: 小框架
en: Tiny
total: 100
groups:
  - {id: work, zh: 工作, en: Work, weight: 100}
kinds:
  - {id: task, group: work, zh: 任务, en: Task, aliases: [工作任务]}
"""


def test_a_framework_by_path_relative_to_the_card(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(CUSTOM, encoding="utf-8")
    card = tmp_path / "card.yaml"
    card.write_text(
        "perfeval: 1\ntitle: t\nframework: tiny.yaml\nindicators:\n"
        "  - {name: a, kind: 工作任务, weight: 100, target: ≥1, actual: 1}\n",
        encoding="utf-8",
    )
    result = perfeval.score(perfeval.load(card))
    assert (result.card.framework.id, result.total) == ("tiny", Decimal(100))


def test_framework_errors_are_located_in_the_framework_file(tmp_path: Path) -> None:
    bad = CUSTOM.replace("weight: 100", "weight: 90").replace("group: work", "group: wrk")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScorecardError) as info:
        load_framework(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:7:3: groups: the group weights add up to 90, expected the total 100",
        f"{path}:9:23: kinds[0].group: unknown group 'wrk' (did you mean 'work'?)",
    ]
