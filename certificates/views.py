"""Certificates: the resident's own pages under /mina-sidor/intyg/ and the public check at /intyg/.

The resident's pages show only their own certificates (another id is not found). The public
pages find a certificate only by its code, answer a code that is wrong in any way with the same
"not found", and count lookups per client address so codes cannot be tried in bulk.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from associations.forms import apply_service_error
from certificates import services
from certificates.display import certificate_context, certificate_pdf
from certificates.forms import CertificateForm, LookupForm
from certificates.models import Certificate
from uppdragsbanken.ratelimit import count_and_check

# Lookups by code per client address and window: plenty for an employer checking a few
# certificates, far too few to try codes (60 random bits) in bulk.
LOOKUP_LIMIT = 30
LOOKUP_WINDOW_SECONDS = 10 * 60
RATE_SCOPE = "certificate-lookup"


# The resident's pages -------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The resident's certificates, newest first. A fixed number of queries."""
    certificates = [
        {
            "certificate": certificate,
            "count": len((certificate.content or {}).get("assignments", [])),
            "name": (certificate.content or {}).get("name", ""),
        }
        for certificate in Certificate.objects.filter(resident=request.user)
    ]
    has_confirmed = services.certificate_claims_choices(request.user).exists()
    return render(request, "certificates/mine.html", {"certificates": certificates, "has_confirmed": has_confirmed})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Choose confirmed assignments, a name and whether to add milestones; POST issues it.

    The form carries a one-time token (CertificateForm.form_token): sending the same form
    again leads to the certificate it already made, with a message, instead of a second one.
    """
    form = CertificateForm(request.POST or None, resident=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(resident=request.user, **form.cleaned_data)
        except services.AlreadyIssued as repeat:
            # The same form sent again (a double click, a reload that resends it, the back
            # button): no second certificate; show the one it made.
            return _already_issued(request, repeat.certificate)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Intyget är klart. Skriv ut det, ladda ner det som PDF eller dela koden."))
            return redirect("certificates:detail", pk=certificate.pk)
    has_confirmed = form.fields["claims"].queryset.exists()
    return render(
        request,
        "certificates/create.html",
        {"form": form, "has_confirmed": has_confirmed},
        status=400 if form.errors else 200,
    )


def _already_issued(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    messages.info(
        request,
        _("Intyget är redan skapat, och här är det. Formuläret skickades två gånger, så du fick inte ett intyg till."),
    )
    return redirect("certificates:detail", pk=certificate.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the resident's certificates as issued, with its code, address, QR code and PDF."""
    certificate = get_object_or_404(Certificate, pk=pk, resident=request.user)
    return render(
        request,
        "certificates/detail.html",
        {"certificate": certificate, "cert": certificate_context(certificate)},
    )


@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "are you sure?"; POST revokes. Already revoked: back to the certificate, saying so."""
    certificate = get_object_or_404(Certificate, pk=pk, resident=request.user)
    if request.method == "POST":
        try:
            services.certificate_revoke(certificate=certificate, by=request.user)
        except (ValidationError, PermissionDenied) as refusal:
            messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        else:
            messages.success(
                request, _("Intyget är återkallat. Den som använder koden ser nu bara att det är återkallat.")
            )
        return redirect("certificates:detail", pk=certificate.pk)
    if certificate.is_revoked:
        messages.info(request, _("Intyget är redan återkallat."))
        return redirect("certificates:detail", pk=certificate.pk)
    return render(request, "certificates/revoke.html", {"certificate": certificate})


# The public check -----------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    # Certificates are found by their code alone: keep them out of search engines, and do not
    # pass the code on to other sites in the Referer header.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    return _public(render(request, "certificates/not_found.html", {"form": LookupForm()}, status=404))


def _rate_limited(request: HttpRequest, decision) -> HttpResponse:
    response = render(
        request,
        "certificates/rate_limited.html",
        {
            "retry_at": timezone.localtime(decision.retry_at),
            "minutes": max(1, -(-decision.retry_after_seconds // 60)),
        },
        status=429,
    )
    response["Retry-After"] = str(decision.retry_after_seconds)
    return _public(response)


def _find(request: HttpRequest, code: str):
    """(certificate or None, response or None): a response when the request ends here."""
    normal = services.code_from_input(code)
    if normal is None:
        return None, _not_found(request)
    decision = count_and_check(request, scope=RATE_SCOPE, limit=LOOKUP_LIMIT, window_seconds=LOOKUP_WINDOW_SECONDS)
    if decision.over:
        return None, _rate_limited(request, decision)
    certificate = Certificate.objects.filter(code=normal).first()
    if certificate is None:
        return None, _not_found(request)
    return certificate, None


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """/intyg/: type a code; a code that can be one goes on to its page, anything else is explained."""
    form = LookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return _public(render(request, "certificates/lookup.html", {"form": form}, status=400 if form.errors else 200))


@never_cache
@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """/intyg/<code>/: the certificate exactly as issued, or that it is revoked, or not found."""
    normal = services.code_from_input(code)
    if normal is not None and normal != code:
        # Typed by hand in lower case or with hyphens: one address per certificate.
        return _public(redirect("certificates:verify", code=normal))
    certificate, response = _find(request, code)
    if response is not None:
        return response
    if certificate.is_revoked:
        return _public(render(request, "certificates/revoked.html", {"certificate": certificate}))
    context = {"certificate": certificate, "cert": certificate_context(certificate)}
    return _public(render(request, "certificates/verify.html", context))


@never_cache
@require_safe
def pdf(request: HttpRequest, code: str) -> HttpResponse:
    """/intyg/<code>/intyg.pdf: the PDF of a certificate in force; revoked or unknown: not found."""
    certificate, response = _find(request, code)
    if response is not None:
        return response
    if certificate.is_revoked:
        return _not_found(request)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="uppdragsintyg-{certificate.display_code}.pdf"'
    return _public(response)
