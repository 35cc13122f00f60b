"""Demo data of the audits app: dossier KPIs of Huyện Xuân Trường, 2021–2022."""

import time

from django.db import transaction

from audits.dossiers.demo import dossiers_demo_load, satisfaction_demo_load


@transaction.atomic
def load(*, stdout) -> None:
    """Synthetic dossiers (H1 2022 totals as published), surveys and ratings."""
    started = time.monotonic()
    written = dossiers_demo_load()
    if written:
        stdout.write(
            f"Hồ sơ mẫu: {written} hồ sơ ({time.monotonic() - started:.1f} giây)"
        )
    else:
        stdout.write("Hồ sơ mẫu: đã có, không tạo thêm")
    rated = satisfaction_demo_load()
    stdout.write(f"Khảo sát sự hài lòng, xếp loại một cửa: {rated} xã (năm 2022)")
