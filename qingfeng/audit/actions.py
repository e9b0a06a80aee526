"""Actions on the audit trail itself."""

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.trail import rotate_key


def do_rotate_key(*, acting_user=None) -> AuditEntry:
    """Sign every later entry with a new key; the rotation is an entry of the chain.
    Run by the operator on the server (`qingfeng audit rotate-key`): whoever may run
    commands there may already read the key directory, so there is no role check."""
    return rotate_key(acting_user)
