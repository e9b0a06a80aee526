"""limit/offset pagination shared by every list of the API.

django-ninja's own LimitOffsetPagination accepts any integer: an offset past
2**63 - 1 reaches the database as an out-of-range LIMIT/OFFSET and answers 500
(SQLite "datatype mismatch"). Here `offset` has a bound in the schema, so a value
out of range is a 422 that names the parameter and its limit, and the published
OpenAPI document says what is accepted; `limit` keeps its documented behaviour:
any positive value, served as at most MAX_LIMIT rows.
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "Pagination", "paginated"]

MAX_LIMIT = 500  # rows per page at most
MAX_OFFSET = 10_000_000  # far past any county's clues or households, far below 2**63


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, description=f"rows per page; at most {MAX_LIMIT} are served")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def paginated(view):
    """@paginated: `{"items": [...], "count": total}` with bounded `limit` and `offset`."""
    return paginate(Pagination)(view)
