"""Settings in one place, read from the environment (prefix ``SKG_``) and the Neo4j variables.

The backend is the embedded FalkorDB unless ``NEO4J_URI`` is set or the caller
asks for Neo4j explicitly.
"""

from __future__ import annotations

import os

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("supervision-kg", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SKG_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    graph: str = "supervision"
    backend: str | None = None
    query_timeout_ms: int = 30_000
    row_limit: int = 10_000
    #: The token of the API's write endpoints (POST /ingest); without one they are off.
    api_token: str | None = None
    #: Origins allowed to call the API from a browser (comma-separated); empty: no CORS headers at all.
    cors_origins: str = ""
    #: The largest file POST /ingest accepts, in bytes.
    upload_max_bytes: int = 20_000_000
    host: str = "127.0.0.1"
    port: int = 8000
    #: Gazetteer files (world.json format) read before the national division list,
    #: separated by the platform's path separator (":" here).
    gazetteers: str = ""
    #: The entity-resolution judgements (JSON Lines); ``None`` means ``<data_dir>/resolutions.jsonl``.
    resolutions: Path | None = None

    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI", "SKG_NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "SKG_NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "SKG_NEO4J_PASSWORD")
    )
    neo4j_database: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_DATABASE", "SKG_NEO4J_DATABASE")
    )
    #: Seconds the driver waits for a connection (handshake included) before it retries.
    neo4j_acquisition_timeout: float = 60.0

    def gazetteer_files(self) -> list[Path]:
        return [Path(p) for p in self.gazetteers.split(os.pathsep) if p.strip()]

    def resolutions_path(self) -> Path:
        """Where the judgements live: kept beside the data so they survive a rebuilt graph."""
        return self.resolutions or self.data_dir / "resolutions.jsonl"

    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def resolved_backend(self) -> str:
        if self.backend:
            return self.backend
        return "neo4j" if self.neo4j_uri else "falkordb"
