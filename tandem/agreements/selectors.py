from __future__ import annotations

from django.db.models import QuerySet

from tandem.agreements.models import Agreement, AgreementVersion
from tandem.people.models import OrgUnit, Person, Role, RoleAssignment
from tandem.privacy.categories import Party


def latest_version(*, agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()  # type: ignore[return-value]


def disclosure_of(*, version: AgreementVersion) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {party.value: [] for party in Party}
    for party, category in version.disclosures.values_list("party", "category"):
        found[party].append(category)
    return found


def leadership_for(*, learner: Person) -> QuerySet[Person]:
    """People holding the leadership role over the learner's unit, nearest scope first."""
    ancestors = [
        learner.org_unit.path[:i]
        for i in range(OrgUnit.steplen, len(learner.org_unit.path) + 1, OrgUnit.steplen)
    ]
    scopes = RoleAssignment.objects.filter(role=Role.LEADERSHIP, scope__path__in=ancestors)
    return (
        Person.objects.filter(is_active=True, role_assignments__in=scopes)
        .order_by("-role_assignments__scope__depth", "last_name")
        .distinct()
    )


def agreements_awaiting(*, person: Person) -> list[AgreementVersion]:
    """Sent versions where the person holds a role not yet acknowledged."""
    versions = (
        AgreementVersion.objects.filter(
            sent_at__isnull=False,
            parties__person=person,
            agreement__status__in=["sent", "in_force"],
        )
        .exclude(acknowledgments__person=person)
        .select_related("agreement__engagement__learner", "agreement__engagement__coach")
        .distinct()
    )
    # Only the latest version of each agreement can be acknowledged.
    latest: dict[int, AgreementVersion] = {}
    for version in versions:
        current = latest.get(version.agreement_id)
        if current is None or version.number > current.number:
            latest[version.agreement_id] = version
    return [v for v in latest.values() if v.in_force_at is None]
