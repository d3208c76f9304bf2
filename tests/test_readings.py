"""An interpretation-sensitive share shows its value under every reading, each with its verdict, and
its fix says under which reading it is needed (brief decision 4)."""

from __future__ import annotations

from hiepy_rules.findings.changes import apply
from tests.helpers import RULE_EXAMPLES, data_of, of, recheck


def test_a_share_is_shown_under_each_reading_with_its_verdict() -> None:
    data = data_of(RULE_EXAMPLES / "ministry-variant-2012.M4.violates.yaml")
    vote = next(v for v in data["votes"] if v["cadre"] == "tran-van-cuong" and v["step"] == 1)
    vote.update(yes=25, convened=50, present=40, valid=38)
    [f] = of(recheck(data), "ministry-variant-2012.M4", "violation")
    assert [(r.over, r.count, r.denominator, r.percent, r.holds) for r in f.readings] == [
        ("convened", 25, 50, 50.0, False),
        ("present", 25, 40, 62.5, True),
        ("valid", 25, 38, 65.8, True),
    ]
    assert [r.provision_reading for r in f.readings] == [True, False, False]
    note = f.explanation[-1]
    assert "25/50 = 50.0% — not met" in note.en and "25/40 = 62.5% — met" in note.en
    assert "25/38 = 65.8% — met" in note.en
    assert "25/50 = 50,0% — không đạt" in note.vi and "25/38 = 65,8% — đạt" in note.vi
    assert f.fix is not None
    assert "needed only when counted over members convened" in f.fix.en
    assert "chỉ cần nếu tính trên số người được triệu tập" in f.fix.vi
    # the fix, applied, removes the finding
    assert of(recheck(apply(data, f.fix.changes)), "ministry-variant-2012.M4", "violation") == []


def test_a_share_every_reading_agrees_on_lists_no_readings() -> None:
    data = data_of(RULE_EXAMPLES / "ministry-variant-2012.M4.violates.yaml")
    vote = next(v for v in data["votes"] if v["cadre"] == "tran-van-cuong" and v["step"] == 1)
    vote.update(yes=10, convened=32, present=30, valid=30)
    [f] = of(recheck(data), "ministry-variant-2012.M4", "violation")
    assert f.readings == []
    assert f.fix is not None and "needed only" not in f.fix.en
