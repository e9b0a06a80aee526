"""`qingfeng rules list` and `qingfeng rules show`."""

from qingfeng.cli import main


def test_rules_list_shows_every_rule(capsys):
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert all(f"R{i:02d}" in out for i in range(1, 19)) and "死亡后仍发放" in out and "账外收支" in out


def test_rules_show_prints_definition_parameters_and_sql(capsys):
    assert main(["rules", "show", "R10"]) == 0
    out = capsys.readouterr().out
    assert "一卡多人" in out and "min_recipients = 3" in out and ">= 3" in out
    assert "一户共用一个账户不算" in out and "A household sharing one account is no hit" in out  # both descriptions


def test_rules_show_renders_spark_sql(capsys):
    assert main(["rules", "show", "r01", "--backend", "spark"]) == 0
    assert "COLLECT_LIST" in capsys.readouterr().out


def test_rules_show_unknown_rule_fails(capsys):
    assert main(["rules", "show", "R99"]) != 0
    assert "R99" in capsys.readouterr().err
