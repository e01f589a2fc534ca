"""Dates written by editors (YYYY, YYYY-MM or YYYY-MM-DD) shown in each language's own style."""
from __future__ import annotations

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


def format_date(value, lang: str) -> str:
    """“2026-01-08” → “8 janvier 2026” (fr) or “8 January 2026” (en); unknown forms stay as they are."""
    text = str(value)
    parts = text.split("-")
    months = MONTHS.get(lang, MONTHS["en"])
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return text
    if len(numbers) == 1:
        return text
    month = months[numbers[1] - 1] if 1 <= numbers[1] <= 12 else None
    if month is None:
        return text
    if len(numbers) == 2:
        return f"{month} {numbers[0]}"
    day = "1er" if lang == "fr" and numbers[2] == 1 else str(numbers[2])
    return f"{day} {month} {numbers[0]}"
