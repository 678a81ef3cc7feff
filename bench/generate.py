"""A seeded generator of realistic scorecards, for benchmarks and tests.

Each card has 5 to 40 indicators spread over the 10号 groups, with the target
forms found on real forms: counts with 万, percentages, money ceilings in 万元
(actuals sometimes in 元), zero targets, ranges, time limits in 小时 and
个工作日, and qualitative rows with tiers and the evaluator's points; some rows
do not apply, some carry notes, some cards claim a total. The same seed
always gives the same cards.

    python -m bench.generate OUT_DIR COUNT [--seed N] [--invalid K]
"""

from __future__ import annotations

import argparse
import itertools
import random
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

__all__ = ["card_text", "generate", "write_cards"]

_QUALITATIVE = [
    "系统稳定运行",
    "服务质量明显提升",
    "群众获得感增强",
    "生态环境持续改善",
    "管理制度健全有效",
    "长效机制基本建立",
]
_NAMES = {
    "quantity": ["采集上报问题", "培训人次", "新建点位", "巡查次数", "受理案件", "改造管网"],
    "quality": ["验收合格率", "设备完好率", "数据准确率", "办结率"],
    "timeliness": ["响应时限", "整改完成时限", "按期完成率"],
    "cost": ["单位成本", "项目总成本", "运维费用"],
    "benefit": ["带动增收", "服务覆盖", "环境改善", "机制建设"],
    "satisfaction": ["群众满意度", "服务对象满意度"],
}
_ASPECTS = ["economic", "social", "ecological", "sustainability"]


def _split(
    total: int, parts: int, rng: random.Random, step: Decimal = Decimal("0.5")
) -> list[Decimal]:
    """``parts`` positive weights in multiples of ``step`` adding up to ``total``."""
    slots = int(total / step)
    cuts = sorted(rng.sample(range(1, slots), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, slots]
    return [(b - a) * step for a, b in itertools.pairwise(bounds)]


def _num(value: float, places: int = 2) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


def _row(
    kind: str, weight: Decimal, i: int, rng: random.Random, quantum: Decimal = Decimal("0.01")
) -> list[str]:
    name = f"{rng.choice(_NAMES[kind])}{i}"
    lines = [f"  - id: r{i}", f"    name: {name}"]
    if kind == "benefit":
        lines.append(f"    kind: {rng.choice(_ASPECTS)}-benefit")
    else:
        lines.append(f"    kind: {kind}")
    lines.append(f"    weight: {weight}")
    if rng.random() < 0.03:
        lines += [
            f"    target: ≥{rng.randint(5, 50)}次",
            "    applicable: false",
            "    note: 本年度不适用",
        ]
        return lines
    factor = rng.choice([rng.uniform(0.6, 1.0), rng.uniform(1.0, 1.1), rng.uniform(1.1, 1.6)])
    form = rng.random()
    if kind in ("benefit",) or form < 0.15:
        lines.append(f"    target: {rng.choice(_QUALITATIVE)}")
        tier = rng.choice(["achieved", "achieved", "达成年度指标", "partial", "部分达成"])
        lines.append(f"    actual: {tier}")
        if tier in ("partial", "部分达成"):
            low, high = weight * Decimal("0.6"), weight * Decimal("0.8")
            point = low + (high - low) * Decimal(rng.randint(0, 99)) / 100
            lines.append(f"    score: {point.quantize(quantum, rounding=ROUND_DOWN)}")
    elif kind == "satisfaction" or (kind == "quality" and form < 0.6):
        target = rng.choice([85, 90, 95])
        actual = min(100.0, target * factor)
        lines += [
            f"    target: 满意度≧{target}%"
            if kind == "satisfaction"
            else f"    target: ≥{target}%",
            f"    actual: {_num(actual, 1)}%",
        ]
    elif kind == "cost":
        target = rng.randint(50, 5000)
        actual = target * factor
        if rng.random() < 0.3:
            lines += [
                f"    target: 控制在{target}万元以内",
                f"    actual: {_num(actual * 10000)}元",
            ]
        else:
            lines += [f"    target: ≤ {target}万元", f"    actual: {_num(actual)}万元"]
    elif kind == "timeliness":
        if form < 0.5:
            hours = rng.choice([24, 48, 72])
            lines += [f"    target: {hours}小时内", f"    actual: {_num(hours * factor, 0)}小时"]
        else:
            days = rng.randint(3, 15)
            lines += [
                f"    target: {days}个工作日内",
                f"    actual: {round(days * factor)}个工作日",
            ]
    elif form < 0.25:
        lines += ["    target: = 0起", f"    actual: {rng.choice([0, 0, 0, 1])}起"]
    elif form < 0.35:
        low = rng.randint(80, 90)
        lines += [f"    target: {low}%-{low + 5}%", f"    actual: {_num(low * factor, 1)}%"]
    else:
        unit = rng.choice(["条", "件", "次", "人次", "个", "公里"])
        if rng.random() < 0.4:
            target = rng.randint(2, 90)
            actual = target * factor
            lines += [f"    target: {target}万{unit}以上", f"    actual: {_num(actual, 2)}万{unit}"]
        else:
            target = rng.randint(5, 5000)
            lines += [
                f"    target: 不少于{target}{unit}",
                f"    actual: {_num(target * factor, 0)}{unit}",
            ]
    if rng.random() < 0.5:
        lines.append("    note: 已分析偏差原因并制定改进措施")
    return lines


def card_text(index: int, rng: random.Random, count: int | None = None) -> str:
    """One card as YAML text, with ``count`` indicators (5 to 40 at random by
    default; 3 to 80,000). Weights are halves of a point on ordinary cards,
    and hundredths or thousandths of one on very large ones, so that they
    still add up to 90 (and 10 for the budget)."""
    count = rng.randint(5, 40) if count is None else count
    if not 3 <= count <= 80_000:
        raise ValueError(f"count must be from 3 to 80,000, not {count}")
    step = (
        Decimal("0.5") if count <= 150 else Decimal("0.01") if count <= 7_000 else Decimal("0.001")
    )
    satisfaction = rng.randint(1, 2) if count <= 150 else count // 10
    benefit = (
        rng.randint(1, max(1, min(6, count - satisfaction - 3)))
        if count <= 150
        else count * 3 // 10
    )
    output = count - satisfaction - benefit
    kinds = [
        rng.choice(["quantity", "quantity", "quality", "timeliness", "cost"]) for _ in range(output)
    ]
    weights = (
        _split(50, output, rng, step)
        + _split(30, benefit, rng, step)
        + _split(10, satisfaction, rng, step)
    )
    kinds += ["benefit"] * benefit + ["satisfaction"] * satisfaction
    adjusted = rng.randint(100, 5000)
    spent = adjusted * rng.uniform(0.7, 1.05)
    lines = [
        "perfeval: 1",
        f"title: 第{index}号单位2023年度项目支出绩效自评",
        *([f"precision: {-step.as_tuple().exponent}"] if step < Decimal("0.01") else []),
        "entity:",
        f"  name: 第{index}号单位",
        f'  code: "{100000 + index}"',
        "  year: 2023",
        "budget:",
        f"  initial: {adjusted - rng.randint(0, 50)}万元",
        f"  adjusted: {adjusted}万元",
        f"  spent: {_num(spent)}万元",
    ]
    if spent < adjusted * 0.9:
        lines.append("  note: 部分合同跨年支付")
    lines.append("indicators:")
    for i, (kind, weight) in enumerate(zip(kinds, weights, strict=True), start=1):
        lines += _row(kind, weight, i, rng, step / 50)
    if rng.random() < 0.5:
        lines += ["reported:", f"  total: {rng.randint(85, 99)}", "  grade: 优秀"]
    return "\n".join(lines) + "\n"


def generate(count: int, seed: int = 2020) -> list[str]:
    """``count`` cards; the same seed gives the same texts."""
    rng = random.Random(seed)
    return [card_text(i, rng) for i in range(1, count + 1)]


def write_cards(folder: Path, count: int, seed: int = 2020, invalid: int = 0) -> list[Path]:
    """Write cards to ``folder`` as NNNNN.yaml; ``invalid`` of them are broken
    (a misspelled key), spread evenly."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    step = count // invalid if invalid else 0
    for i, text in enumerate(generate(count, seed), start=1):
        if step and i % step == 0 and i // step <= invalid:
            text = text.replace("    weight:", "    wieght:", 1)
        path = folder / f"{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write seeded, realistic scorecards.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--invalid", type=int, default=0, help="how many to break")
    args = parser.parse_args(argv)
    write_cards(args.folder, args.count, args.seed, args.invalid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
