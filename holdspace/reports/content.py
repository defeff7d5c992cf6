"""What a reporter writes, as it is locked into and read out of a case."""
import json
from dataclasses import asdict, dataclass, field, fields

from holdspace.crypto.boxes import lock, unlock
from holdspace.reports.needs import need_labels, needs_clean


@dataclass
class ReportContent:
    what: str
    when: str = ""
    where: str = ""
    respondent_name: str = ""
    people: str = ""
    witnesses: str = ""
    impact: str = ""
    # What she needs now (reports.needs.Need values). Content sealed before needs were asked has none.
    needs: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.needs = needs_clean(self.needs)

    @property
    def need_labels(self) -> list[str]:
        return need_labels(self.needs)


@dataclass
class ReporterIdentity:
    name: str = ""
    contact: str = ""

    def __bool__(self) -> bool:
        return bool(self.name.strip() or self.contact.strip())


def _lock_dataclass(key: bytes, value) -> bytes:
    return lock(key, plaintext=json.dumps(asdict(value), ensure_ascii=False).encode("utf-8"))


def _unlock_dataclass(cls, key: bytes, box: bytes):
    raw = json.loads(unlock(key, box=bytes(box)).decode("utf-8"))
    known = {field.name for field in fields(cls)}
    return cls(**{name: value for name, value in raw.items() if name in known})


def content_lock(key: bytes, *, content: ReportContent) -> bytes:
    return _lock_dataclass(key, content)


def content_unlock(key: bytes, *, box: bytes) -> ReportContent:
    return _unlock_dataclass(ReportContent, key, box)


def identity_lock(key: bytes, *, identity: ReporterIdentity) -> bytes:
    return _lock_dataclass(key, identity)


def identity_unlock(key: bytes, *, box: bytes) -> ReporterIdentity:
    return _unlock_dataclass(ReporterIdentity, key, box)
