"""factory_boy factories. Municipalities, localities, skills and categories are
reference data loaded by the migrations, so factories look them up instead of
inventing new ones."""

from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from assignments.models import Assignment, Category, Claim
from associations.models import Association, AssociationMembership
from associations.validators import luhn_valid
from members.models import MemberProfile, User
from municipalities.models import Locality, Municipality, StaffMembership

PASSWORD = "ett-langt-testlosenord-42"


def organisation_number(n: int) -> str:
    """A Luhn-valid organisation number of a non-profit (starting 802), unique per n."""
    body = f"802{n:06d}"[-9:]
    for check in range(10):
        if luhn_valid(body + str(check)):
            return f"{body[:6]}-{body[6:]}{check}"
    raise AssertionError("unreachable: one check digit always fits")


def municipality(code: str = "2481") -> Municipality:
    return Municipality.objects.get(code=code)


def locality(name: str = "Lycksele", code: str = "2481") -> Locality:
    return Locality.objects.get(name=name, municipality__code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@exempel.se")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified e-mail address unless made with verified=False."""
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Invånare {n}")
    home_locality = factory.LazyFunction(locality)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Byaföreningen nummer {n}")
    slug = factory.Sequence(lambda n: f"byaforeningen-{n}")
    organisation_number = factory.Sequence(organisation_number)
    municipality = factory.LazyFunction(municipality)
    verification = Association.Verification.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create:
            self.localities.set(extracted or list(self.municipality.localities.all()[:3]))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssociationMembership

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    role = AssociationMembership.Role.COORDINATOR


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    municipality = factory.LazyFunction(municipality)
    role = StaffMembership.Role.ADMIN


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    association = factory.SubFactory(AssociationFactory)
    locality = factory.LazyAttribute(lambda o: o.association.localities.first() or locality())
    title = factory.Sequence(lambda n: f"Skotta snö vid bygdegården, pass {n}")
    description = "Vi behöver hjälp att skotta infarten och trappan innan helgens loppis."
    category = factory.LazyFunction(lambda: Category.objects.get(slug="snorojning-och-vinter"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    estimated_hours = Decimal("3")
    slots = 2
    status = Assignment.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    assignment = factory.SubFactory(AssignmentFactory)
    resident = factory.SubFactory(UserFactory)
    message = "Jag kan komma med egen spade."
