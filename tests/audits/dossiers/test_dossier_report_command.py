"""dossier_report: bad arguments end in a sentence and exit status 1.

Found walking issue 6: an --output in a missing folder printed a
FileNotFoundError traceback, and years such as 0001 or 9999, refused by the
imports, the push API and the dashboards, were accepted here.
"""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PERIOD = ["--from", "2022-01-01", "--to", "2022-06-30", "--unit", "364"]


@pytest.mark.parametrize("fmt", ["csv", "json", "table", "xlsx"])
def test_an_output_that_cannot_be_written_is_a_command_error(tmp_path, fmt):
    target = tmp_path / "missing" / f"mau06.{fmt}"
    with pytest.raises(CommandError, match="Không ghi được .*mau06"):
        call_command("dossier_report", *PERIOD, "--format", fmt, "--output", target)
    with pytest.raises(CommandError, match="Không ghi được"):
        call_command("dossier_report", *PERIOD, "--format", fmt, "--output", tmp_path)


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-12-31"), ("2022-01-01", "9999-12-31")],
)
def test_years_outside_1990_2100_are_refused(start, end):
    with pytest.raises(CommandError, match="Năm phải nằm trong khoảng 1990–2100"):
        call_command("dossier_report", "--from", start, "--to", end)


def test_a_writable_output_gets_the_report(tmp_path):
    target = tmp_path / "mau06.csv"
    call_command("dossier_report", *PERIOD, "--format", "csv", "--output", target)
    assert target.read_text(encoding="utf-8").startswith("unit_code,unit_name,")
