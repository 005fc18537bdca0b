"""factory_boy factories for the organization and its people."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from tandem.accounts.models import User
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.people.services import orgunit_create

TEST_PASSWORD = "correct horse battery staple"


def make_tree() -> dict[str, OrgUnit]:
    """A small organization: one state, two agencies, offices and units under them."""
    state = orgunit_create(parent=None, name="State of Example", kind=OrgUnit.Kind.STATE)
    north = orgunit_create(parent=state, name="North County", kind=OrgUnit.Kind.AGENCY)
    south = orgunit_create(parent=state, name="South County", kind=OrgUnit.Kind.AGENCY)
    north_office = orgunit_create(parent=north, name="North Main Office", kind=OrgUnit.Kind.OFFICE)
    south_office = orgunit_create(parent=south, name="South Main Office", kind=OrgUnit.Kind.OFFICE)
    units = {
        "intake": orgunit_create(parent=north_office, name="Intake", kind=OrgUnit.Kind.UNIT),
        "ongoing": orgunit_create(
            parent=north_office, name="Ongoing Services", kind=OrgUnit.Kind.UNIT
        ),
        "permanency": orgunit_create(
            parent=south_office, name="Permanency", kind=OrgUnit.Kind.UNIT
        ),
    }
    return {
        "state": OrgUnit.objects.get(pk=state.pk),
        "north": OrgUnit.objects.get(pk=north.pk),
        "south": OrgUnit.objects.get(pk=south.pk),
        "north_office": OrgUnit.objects.get(pk=north_office.pk),
        "south_office": OrgUnit.objects.get(pk=south_office.pk),
        **{key: OrgUnit.objects.get(pk=unit.pk) for key, unit in units.items()},
    }


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")

    @classmethod
    def _create(cls, model_class: type[User], *args: object, **kwargs: object) -> User:
        password = kwargs.pop("password", TEST_PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    work_email = factory.Sequence(lambda n: f"person{n}@example.org")
    job_title = "Caseworker"
    org_unit = factory.LazyFunction(lambda: OrgUnit.objects.filter(depth__gt=1).first())
    is_active = True


def person_with_account(*, roles: tuple[str, ...] = (Role.LEARNER,), **kwargs: object) -> Person:
    """A person who can sign in, holding `roles` scoped to their agency (or the whole tree)."""
    person = PersonFactory(**kwargs)
    person.user = UserFactory(email=person.work_email)
    person.save()
    scope = (
        OrgUnit.objects.get_ancestors(person.org_unit).filter(kind=OrgUnit.Kind.AGENCY).first()
        or person.org_unit
    )
    for role in roles:
        RoleAssignment.objects.create(person=person, role=role, scope=scope)
    return person


class CoachProfileFactory(DjangoModelFactory):
    class Meta:
        model = CoachProfile

    person = factory.SubFactory(PersonFactory, job_title="Practice coach")
    coach_type = CoachProfile.CoachType.INTERNAL
    capacity = 6
    expertise_level = CoachProfile.Expertise.COMPETENT
