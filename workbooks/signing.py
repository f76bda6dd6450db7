"""The hidden sheet's payload is signed with the site's secret key, so a workbook made for one
assessment and agency cannot be replayed into another, nor its versions edited."""

import json

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "workbooks.payload"


def encode(payload: dict) -> tuple[str, str]:
    """The payload as stored text, and its signature."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text, sign(text)


def sign(text: str) -> str:
    return salted_hmac(SALT, text, algorithm="sha256").hexdigest()


def verify(text: str, signature: str) -> bool:
    return bool(signature) and constant_time_compare(sign(text), signature)
