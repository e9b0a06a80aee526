import subprocess
import sys


def test_qingfeng_without_arguments_lists_its_commands():
    result = subprocess.run([sys.executable, "-m", "qingfeng"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("demo", "serve", "createuser", "audit verify", "ledger import", "report stats", "crosscheck", "rules list"):
        assert command in result.stdout


def test_engine_commands_run_without_django():
    code = "import sys; from qingfeng.cli import main; main(['rules', 'list']); print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "R13" in result.stdout
    assert result.stdout.strip().endswith("False")
