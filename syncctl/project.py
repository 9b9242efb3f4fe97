"""A syncctl project: the dbt project directory plus the validated `syncctl.yml` that drives it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from syncctl.config import CONFIG_FILE_NAME, LoadedConfig, load_config
from syncctl.errors import ConfigError

EMBEDDED_PROFILES_DIR = Path(__file__).parent / "resources"


@dataclass(frozen=True)
class Project:
    """Where everything is. Relative paths in syncctl.yml resolve against the config file's folder."""

    project_dir: Path
    loaded: LoadedConfig
    profiles_dir: Path
    dbt_target: str | None = None

    @classmethod
    def load(
        cls,
        project_dir: Path,
        config_path: Path | None = None,
        profiles_dir: Path | None = None,
        dbt_target: str | None = None,
    ) -> Project:
        project_dir = project_dir.resolve()
        if not (project_dir / "dbt_project.yml").is_file():
            raise ConfigError(f"{project_dir}: not a syncctl project (no dbt_project.yml); pass --project-dir")
        loaded = load_config(config_path or project_dir / CONFIG_FILE_NAME)
        if profiles_dir is not None and not (profiles_dir / "profiles.yml").is_file():
            raise ConfigError(f"{profiles_dir}: --profiles-dir has no profiles.yml")
        return cls(
            project_dir=project_dir,
            loaded=loaded,
            profiles_dir=(profiles_dir or EMBEDDED_PROFILES_DIR).resolve(),
            dbt_target=dbt_target,
        )

    @property
    def database_path(self) -> Path:
        return self.loaded.database_path

    @property
    def work_dir(self) -> Path:
        """dbt's target/ and logs/ go beside syncctl.yml, so two configs never share them."""
        return self.loaded.base_dir

    @property
    def dbt_target_path(self) -> Path:
        return self.work_dir / "target"

    @property
    def log_path(self) -> Path:
        return self.work_dir / "logs"
