"""What each role may do with inspection and KPI records."""

GRANTED = True
