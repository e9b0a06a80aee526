"""Receipts of public reports: 16 random digits, shown once, stored only as a keyed slow hash.

The hash is PBKDF2 with the portal key (a file outside the database) as its salt:
deterministic, so a receipt is found by its hash with one indexed query, and a copy
of the database alone cannot test guesses; the iterations make guessing slow even
for someone who also holds the key.
"""

import hashlib
import secrets
import unicodedata

from qingfeng.portal.keys import portal_key

DIGITS = 16
ITERATIONS = 50_000  # ~15 ms per check on one core; status and messages are rate-limited too


def new_receipt() -> str:
    # No leading zero: a receipt copied into a spreadsheet keeps all 16 digits.
    return str(10 ** (DIGITS - 1) + secrets.randbelow(9 * 10 ** (DIGITS - 1)))


def normalize_receipt(text: str) -> str | None:
    """The receipt as typed (full-width digits, spaces, dashes allowed), or None if it cannot be one."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch not in " -\u3000\t")
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else None


def receipt_hash(receipt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", receipt.encode(), portal_key(), ITERATIONS).hex()
