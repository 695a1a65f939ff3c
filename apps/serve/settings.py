"""The settings of ``shailoo serve``, the legal department's review desk: one validated, frozen object.

``ServeSettings(host, port, token, max_upload_bytes, max_pages, lang, ...)`` is what ``shailoo serve``
builds from its options and what ``shailoo.apps.serve.app.create_app`` runs with. Like
``shailoo.settings.ReadSettings`` it is closed (an unknown field raises) and frozen; a value out of range
raises ``pydantic.ValidationError`` (a ``ValueError``) with the field's name.

Safety is part of the settings: a host other than the loopback (``127.0.0.1``, ``localhost``, ``::1``)
makes the desk reachable from the network, so it needs a ``token`` (``ServeSettings.secure`` makes one
when none is given); every request must then carry it.
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shailoo.settings import Limits

_MIB = 1 << 20
#: Names that mean «this computer only».
LOOPBACK_NAMES = ("localhost",)
#: Addresses that mean «every interface» (the desk is then reached by whatever name the network gives).
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this computer only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    h = (host or "").strip().strip("[]").lower()
    if h in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


class ServeSettings(BaseModel):
    """What the review desk runs with.

    * ``host``, ``port``: where it listens (default ``127.0.0.1:8765``, this computer only);
    * ``token``: the access key every request must carry (``?token=`` once, then a cookie); required
      for a host other than the loopback, optional otherwise;
    * ``max_upload_bytes``: the largest file accepted (one file; a larger one is refused with a message
      while the others of the same upload are checked);
    * ``max_files``: files in one upload;
    * ``max_pages``: pages of a PDF (``shailoo.settings.Limits.max_pages`` of the readers);
    * ``lang``: the interface language when the browser's ``Accept-Language`` names none of ky, ru, en
      (and the language of the command line's line);
    * ``keep_reviews``: reviews kept at once (the oldest's files are removed first), ``keep_minutes``:
      how long a review's files are kept at most;
    * ``workers``: reviews that run at the same time (each in a worker thread; the others wait).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8765, ge=1, le=65535)
    token: Optional[str] = Field(None, min_length=8, max_length=200, pattern=r"^[A-Za-z0-9_\-.~]+$")
    max_upload_bytes: int = Field(20 * _MIB, gt=0)
    max_files: int = Field(20, gt=0, le=200)
    max_pages: int = Field(300, gt=0)
    lang: Literal["ru", "ky", "en"] = "ru"
    keep_reviews: int = Field(20, gt=0)
    keep_minutes: float = Field(240, gt=0)
    workers: int = Field(1, gt=0, le=8)

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        v = value.strip()
        if not v or any(c.isspace() or c in "/?#@" for c in v):
            raise ValueError(f"not a host name or address: {value!r}")
        return v

    @model_validator(mode="after")
    def _token_off_the_loopback(self) -> "ServeSettings":
        if not is_loopback(self.host) and not self.token:
            raise ValueError(f"host {self.host!r} is reachable from the network: a token is required "
                             "(give --token, or let shailoo serve make one)")
        return self

    @classmethod
    def secure(cls, **fields: Any) -> "ServeSettings":
        """The settings of ``fields``, with a fresh random token when the host is not the loopback and
        none is given."""
        if not fields.get("token") and not is_loopback(str(fields.get("host", "127.0.0.1"))):
            fields["token"] = secrets.token_urlsafe(24)
        return cls(**fields)

    @property
    def limits(self) -> Limits:
        """The readers' limits for one uploaded file: the upload size and the page count of the desk."""
        return Limits(max_file_bytes=self.max_upload_bytes, max_pages=self.max_pages)

    @property
    def url_host(self) -> str:
        """The host as a URL writes it: an IPv6 address in brackets; ``127.0.0.1`` for a wildcard."""
        h = self.host.strip("[]")
        if h in WILDCARDS:
            return "127.0.0.1"
        return f"[{h}]" if ":" in h else h

    def url(self, path: str = "/") -> str:
        """The address to open (with ``?token=`` when there is one)."""
        tail = f"?token={self.token}" if self.token else ""
        return f"http://{self.url_host}:{self.port}{path}{tail}"
