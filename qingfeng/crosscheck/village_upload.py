"""A township officer's upload of one village's books and statements: stored as a bundle of
the village finance registries only, then imported and checked by a background job
(village_run.py). Rows of other villages are rejected by the job, row by row."""

from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record
from qingfeng.crosscheck import bundles
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.crosscheck.jobs import VILLAGE_JOB_KIND as JOB_KIND, VILLAGE_REGISTRIES
from qingfeng.engine.schema import registry_of_name
from qingfeng.jobs import queue
from qingfeng.places.models import Jurisdiction

UPLOADERS = frozenset({Role.TOWNSHIP})


def can_upload(user, village: Jurisdiction) -> bool:
    return (access.is_staff(user) and user.role in UPLOADERS and village.level == Jurisdiction.Level.VILLAGE
            and access.in_scope(user, village))


def save_village_upload(files):
    """The uploaded files as a new bundle; only village_books / village_bank, named by key or
    Chinese name, whole or in parts (.csv, .xlsx, .xls, .ods, .parquet)."""
    if not files:
        raise bundles.BundleUploadError(_("请选择要上传的文件（village_books 或 village_bank）。"))
    for upload in files:
        name = bundles.registry_file_name(upload.name)
        if name is None or registry_of_name(PurePosixPath(name).stem)[0] not in VILLAGE_REGISTRIES:
            raise bundles.BundleUploadError(
                _("%(name)s：只能上传村级财务收支明细 village_books 或银行流水 village_bank"
                  "（.csv、.xlsx、.xls、.ods 或 .parquet），例如 村级财务收支明细.xls、village_bank.xlsx。")
                % {"name": upload.name})
    return bundles.save_upload(files)


def do_start_village_run(village: Jurisdiction, *, acting_user, bundle_dir, run_here: bool = False) -> CrosscheckRun:
    """Queue the import and R14–R18 run of one village's upload (`acting_user` None: the demo)."""
    if acting_user is not None and not can_upload(acting_user, village):
        raise PermissionDenied
    with transaction.atomic():
        job = queue.enqueue(JOB_KIND, {"bundle_dir": str(bundle_dir), "village_code": village.code}, acting_user)
        run = CrosscheckRun.objects.create(
            job=job, bundle_dir=str(bundle_dir), label=_("村级财务 %(village)s") % {"village": village.name},
            origin=CrosscheckRun.Origin.UPLOAD if acting_user else CrosscheckRun.Origin.DEMO, started_by=acting_user)
        if run_here and not queue.try_claim(job.id, queue.worker_name()):
            raise RuntimeError("could not claim a job created in this transaction")
        record(acting_user, "crosscheck.village_start", run, after={
            "bundle_dir": run.bundle_dir, "village": village.code, "job": job.id})
    return run


def visible_village_runs(user, village: Jurisdiction):
    """The village's upload runs, for those who may upload for it and the overseers in scope."""
    if not access.in_scope(user, village):
        from django.http import Http404

        raise Http404
    return (CrosscheckRun.objects.filter(job__kind=JOB_KIND, job__params__village_code=village.code)
            .select_related("job", "started_by"))
