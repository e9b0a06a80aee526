import base64

import segno
from django.contrib import auth
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from qingfeng.accounts import clock, enrolment, throttle, twofactor
from qingfeng.accounts.actions import AccountError, do_enrol_device
from qingfeng.accounts.forms import EnrolmentCodeForm, LoginForm, TokenForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/staff/"


@require_http_methods(["GET", "POST"])
def login(request):
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username, ip = form.cleaned_data["username"], throttle.client_ip(request)
        wait = throttle.seconds_locked(username, ip)
        address_pause = throttle.address_locked_until(ip)
        if wait:
            form.add_error(None, _("登录失败次数过多，请 %(seconds)s 秒后再试。") % {"seconds": wait})
            status = 429
        elif address_pause:
            form.add_error(None, _(
                "从您所在的网络地址登录失败的账户过多，为防止密码猜测已暂停登录，请在 %(time)s 后再试。"
            ) % {"time": clock.minute_after(address_pause)})
            status = 429
        else:
            user = auth.authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                throttle.record_failure(username, ip)
                form.add_error(None, _("用户名或密码错误。"))
                status = 401
            else:
                throttle.clear_failures(username, ip)
                auth.login(request, user)
                if twofactor.required():
                    return redirect(f"/accounts/verify/?next={_next_url(request)}")
                return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request):
    """Second factor: a TOTP code or a backup code; a user without a device enrols one."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not twofactor.has_device(request.user):
        return enrol(request)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # A locked device refuses even the right code: then say so rather than "wrong code".
        until = twofactor.locked_until(twofactor.devices_for_token(request.user, token))
        device = twofactor.verify_token(request.user, token)
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        if until:
            form.add_error("token", _throttled(until))
            status = 429
        else:
            form.add_error("token", _("验证码不正确。"))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)}, status=status)


def _throttled(until) -> str:
    return _("尝试次数过多，请在 %(time)s 后再试。") % {"time": clock.minute_after(until)}


ENROLMENT_SESSION_KEY = "enrolment_code"


def enrol(request):
    """First the administrator's enrolment code, then the new device's first TOTP code."""
    code_id = request.session.get(ENROLMENT_SESSION_KEY)
    if code_id is None or not enrolment.live_codes(request.user).filter(id=code_id).exists():
        return _enrolment_code(request)
    device = twofactor.pending_totp(request.user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        until = twofactor.locked_until([device])
        if until:
            form.add_error("token", _throttled(until))
            status = 429
        else:
            try:
                codes = do_enrol_device(request.user, code_id=code_id, device=device, token=form.cleaned_data["token"])
            except AccountError:
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                return redirect(f"{reverse('accounts:verify')}?next={_next_url(request)}")
            if codes is not None:
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                otp_login(request, device)
                return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)})
            form.add_error("token", _("验证码不正确。"))
    qr = segno.make(device.config_url, micro=False).svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/enrol.html", {"form": form, "qr": qr, "secret": secret, "next": _next_url(request)},
                  status=status)


def _enrolment_code(request):
    form = EnrolmentCodeForm(request.POST if "enrolment_code" in request.POST else None)
    if request.method == "POST" and form.is_valid():
        code = enrolment.find_live(request.user, form.cleaned_data["enrolment_code"])
        if code is not None:
            request.session[ENROLMENT_SESSION_KEY] = code.id
            return redirect(f"{reverse('accounts:verify')}?next={_next_url(request)}")
        form.add_error("enrolment_code", _("绑定码不正确或已失效。请向系统管理员索取新的绑定码。"))
    return render(request, "accounts/enrolment_code.html", {"form": form, "next": _next_url(request)},
                  status=400 if form.errors else 200)


@require_POST
def logout(request):
    auth.logout(request)
    return redirect("portal:home")
