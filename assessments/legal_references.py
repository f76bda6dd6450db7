"""National legal references typed one per line: "Instrument: provision"."""

MAX_REFERENCES = 30
MAX_LENGTH = 300


def parse_legal_references(text: str) -> list[dict[str, str]]:
    references = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        instrument, _, provision = line.partition(":")
        references.append({"instrument": instrument.strip(), "provision": provision.strip()})
    return references


def format_legal_references(references: list[dict[str, str]]) -> str:
    return "\n".join(
        f"{ref['instrument']}: {ref['provision']}" if ref.get("provision") else ref["instrument"] for ref in references
    )
