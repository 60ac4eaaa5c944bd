from pathlib import Path

from common.cli import ArgumentError, PortalCommand
from municipalities.reference_data import load_reference_data


class Command(PortalCommand):
    help = "Load offices, counties, the 356 municipalities of 2020–2023 and the focus-area catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="folder with kommuner_2020.csv and innsatsomrader.csv"
        )

    def run(self, *, data_dir: Path | None, **options) -> None:
        if data_dir is not None and not data_dir.is_dir():
            raise ArgumentError(f"--data-dir {data_dir} is not a folder")
        result = load_reference_data(data_dir=data_dir)
        self.summary(recorded=result.recorded, unchanged=result.unchanged)
