"""The job kinds of the cross-check (registered when the app is ready): "crosscheck" (a bundle,
county-wide) and "village_finance" (one village's books and statements, R14–R18).

Everything heavy is imported inside the job functions: this module is imported by
django.setup(), also in the isolation forkserver, which must not load DuckDB before it forks.
"""

from django.utils.translation import gettext_lazy as _

from qingfeng.accounts.models import Role
from qingfeng.crosscheck.access import RUNNERS
from qingfeng.jobs.registry import JobError, register

VILLAGE_JOB_KIND = "village_finance"
VILLAGE_REGISTRIES = ("village_books", "village_bank")
VILLAGE_RULES = ("R14", "R15", "R16", "R17", "R18")


@register("crosscheck", title=_("大数据比对"), viewer_roles=RUNNERS)
def crosscheck_job(job, progress):
    # Imported here: the web process starts without the engine's DuckDB.
    from qingfeng.crosscheck import pipeline
    from qingfeng.crosscheck.models import CrosscheckRun
    from qingfeng.engine.readers import BundleError
    from qingfeng.engine.rulebook import RuleError

    try:
        return pipeline.execute(CrosscheckRun.objects.get(job=job), progress)
    except (pipeline.CrosscheckError, BundleError, RuleError) as err:
        # Their messages name the file, row and column for whoever prepared the bundle.
        raise JobError(str(err)) from err


@register(VILLAGE_JOB_KIND, title=_("村级财务比对"), viewer_roles={Role.LEADERSHIP})  # and the starter
def village_finance_job(job, progress):
    from qingfeng.crosscheck import village_run
    from qingfeng.crosscheck.models import CrosscheckRun
    from qingfeng.engine.readers import BundleError
    from qingfeng.engine.rulebook import RuleError
    from qingfeng.places.models import Jurisdiction

    village = Jurisdiction.objects.get(code=job.params["village_code"], level=Jurisdiction.Level.VILLAGE)
    try:
        return village_run.execute(CrosscheckRun.objects.get(job=job), village, progress)
    except (village_run.CrosscheckError, BundleError, RuleError) as err:
        raise JobError(str(err)) from err
