"""Forms only the resident's own pages use (the shared ones are in pathways.forms)."""

from django.utils.translation import gettext_lazy as _

from pathways.forms import IntakeForm, SharesForm
from pathways.models import SupportLink


def shares_form(link: SupportLink, data=None) -> SharesForm:
    """The SharesForm of one link, prefixed by its id so several fit on one page.

    Input: the link and the POST data (None for an unbound form, ticked as the link shares now,
    or everything for an invitation not yet answered). Output: the form; raises nothing."""
    if link.status == SupportLink.Status.INVITED:
        initial = list(SharesForm.base_fields["shares"].initial)
    else:
        initial = [value for value in SharesForm.base_fields["shares"].initial if link.shares(value)]
    return SharesForm(data, prefix=f"link-{link.pk}", initial={"shares": initial})


class ResidentIntakeForm(IntakeForm):
    """The intake as the resident corrects it: IntakeForm (with its guards against emptying it by
    mistake and against a lost update), saying whose words "clear" removes in the resident's terms."""

    CLEAR_HELP = _("Allt du och din handledare har skrivit i kartläggningen tas bort.")
