"""Inspection and KPI records (see the inspections and dossier-KPI issues)."""
