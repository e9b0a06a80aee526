from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qingfeng.audit.actions import do_rotate_key
from qingfeng.audit.trail import head, parse_anchor, verify


class Command(BaseCommand):
    help = ("审计日志 / audit trail (docs/audit.md): `verify` checks the keyed chain (and anchors), "
            "`head` prints SEQ HASH, `anchor --out FILE` appends today's anchor, `rotate-key` starts a new key.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "head", "anchor", "rotate-key"])
        parser.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH",
                            help="verify: fail unless the chain still holds this entry with this hash (repeatable)")
        parser.add_argument("--anchor-file", action="append", default=[], metavar="FILE",
                            help="verify: every anchor line of FILE (as written by `audit anchor --out`)")
        parser.add_argument("--out", metavar="FILE", help="anchor: append the line to FILE")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "head":
            seq, digest = head()
            self.stdout.write(f"{seq} {digest}")
        elif action == "anchor":
            self._anchor(options["out"])
        elif action == "rotate-key":
            entry = do_rotate_key(acting_user=None)
            self.stdout.write(f"审计密钥已轮换 / audit key rotated: key {entry.key_id} signs from entry {entry.seq} on")
        else:
            self._verify(self._anchors(options))

    def _anchors(self, options) -> list[tuple[int, str]]:
        texts = list(options["anchor"])
        for name in options["anchor_file"]:
            try:
                with open(name, encoding="utf-8") as f:
                    texts += [line for line in f if line.strip() and not line.startswith("#")]
            except OSError as exc:
                raise CommandError(f"{name}: {exc.strerror}") from None
        try:
            return [parse_anchor(text) for text in texts]
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    def _verify(self, anchors):
        verdict = verify(anchors)
        if not verdict.ok:
            raise CommandError(f"审计日志已被改动 / audit trail BROKEN after {verdict.checked} good entries: "
                               f"{verdict.problem}")
        self.stdout.write(f"审计日志完好 / audit trail intact: {verdict.checked} entries verified")
        keyed = verdict.checked - verdict.legacy
        if keyed:
            self.stdout.write(f"  {keyed} keyed (HMAC-SHA256, keys {', '.join(map(str, verdict.keys_used))})")
        if verdict.legacy:
            self.stdout.write(f"  {verdict.legacy} legacy, unkeyed (entries 1–{verdict.legacy}, written before keying: "
                              f"plain SHA-256, anyone who can write the database could have recomputed them)")
        if anchors:
            self.stdout.write(f"  {verdict.anchors} of {len(anchors)} anchors matched")

    def _anchor(self, out):
        seq, digest = head()
        line = f"{timezone.localdate().isoformat()} {seq} {digest}"
        if out:
            with open(out, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        self.stdout.write(line)
