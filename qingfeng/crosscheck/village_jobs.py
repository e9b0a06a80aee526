"""The "village_finance" job kind: one village's upload, imported and checked by R14–R18."""

from django.utils.translation import gettext_lazy as _

from qingfeng.accounts.models import Role
from qingfeng.crosscheck.village_run import JOB_KIND
from qingfeng.jobs.registry import JobError, register


@register(JOB_KIND, title=_("村级财务比对"), viewer_roles={Role.LEADERSHIP})  # and the starter
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
