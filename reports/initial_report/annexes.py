"""The report's annexes: the national laws and regulations, and the national control list (Article 13(1) asks for
them), gathered from the legal references and evidence the team recorded on the questions it agreed on.

An instrument is listed once per annex, with every provision cited and the template items that cite it. It goes to the
control-list annex when an item about the control list cites it, to the laws annex when any other item does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LegalReference:
    instrument: str
    provision: str
    agencies: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.instrument}: {self.provision}" if self.provision else self.instrument

    @classmethod
    def gather(cls, pairs) -> tuple[LegalReference, ...]:
        """Each (instrument, provision) once, with the agencies that recorded it, from (answer, reference) pairs."""
        found: dict[tuple[str, str], list[str]] = {}
        for answer, ref in pairs:
            key = _key(ref)
            if key[0] or key[1]:
                agencies = found.setdefault(key, [])
                if answer.agency.name not in agencies:
                    agencies.append(answer.agency.name)
        return tuple(cls(instrument, provision, tuple(agencies)) for (instrument, provision), agencies in found.items())


def _key(ref) -> tuple[str, str]:
    if not isinstance(ref, dict):
        return ("", "")
    return (str(ref.get("instrument", "")).strip(), str(ref.get("provision", "")).strip())


@dataclass
class AnnexEntry:
    title: str
    provisions: list[str] = field(default_factory=list)
    link: str = ""  # an evidence link; "" for a law named only, or a file kept in the portal
    is_file: bool = False
    items: list[str] = field(default_factory=list)  # the template items' numbers

    def cite(self, provision: str, item: str) -> None:
        if provision and provision not in self.provisions:
            self.provisions.append(provision)
        if item not in self.items:
            self.items.append(item)


@dataclass
class Annex:
    instruments: list[AnnexEntry] = field(default_factory=list)  # from the legal references
    documents: list[AnnexEntry] = field(default_factory=list)  # from the evidence: files and links

    def __bool__(self) -> bool:
        return bool(self.instruments or self.documents)


def collect_annexes(sources, *, control_list: str) -> tuple[Annex, Annex]:
    """(laws, control list) from (item, annex kind, [(answer, reference)], [evidence]) in the report's order."""
    annexes = {"laws": ({}, {}), "control_list": ({}, {})}
    for item, kind, refs, evidence in sources:
        instruments, documents = annexes["control_list" if kind == control_list else "laws"]
        for _answer, ref in refs:
            instrument, provision = _key(ref)
            if instrument:
                instruments.setdefault(instrument.casefold(), AnnexEntry(instrument)).cite(provision, item.key)
        for entry in evidence:
            key = entry.url or f"file:{entry.pk}"
            document = documents.setdefault(key, AnnexEntry(entry.title, link=entry.url, is_file=not entry.url))
            document.cite("", item.key)
    return tuple(Annex(list(i.values()), list(d.values())) for i, d in annexes.values())
