"""Authorization matrix rules for agreement pages (see tandem/privacy/tests/authz.py).

In the world, E1 has an agreement in force whose parties are the learner, the coach and the
learner's supervisor; E2 (other learner, other coach) has none.
"""

from tandem.agreements.demo import agreement_in_force_create
from tandem.agreements.models import AgreementTemplate
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, Rule, everyone, only

PARTIES = {"learner": OK, "coach": OK, "supervisor": OK}


def objects(world):
    agreement = world.e1.agreement
    # Text only the agreement's parties may read.
    version = agreement.in_force_version
    version.content = {**version.content, "coach_time": "NEEDLE-AGREEMENT-TERMS"}
    version.save()
    return {
        "agreement": agreement.pk,
        "v1": 1,
        "template": AgreementTemplate.objects.get(slug="internal-coach").pk,
    }


def needles(world):
    return {"NEEDLE-AGREEMENT-TERMS": {"learner", "coach", "supervisor"}}


RULES = {
    "agreements:mine": [Rule(everyone(OK))],
    "agreements:overview": [Rule(only({"program_lead": OK}))],
    "agreements:template_list": [Rule(only({"program_lead": OK}))],
    "agreements:template_edit": [Rule(only({"program_lead": OK}), args=("template",))],
    "agreements:for_engagement": [
        Rule(
            only(
                {
                    "learner": REDIRECT,
                    "coach": REDIRECT,
                    "supervisor": REDIRECT,
                    "program_lead": DENY,
                    "coach_supervisor": DENY,
                },
                otherwise=HIDDEN,
            ),
            args=("e1",),
        ),
        Rule(only({"other_learner": OK, "other_coach": OK}, otherwise=HIDDEN), args=("e2",)),
    ],
    "agreements:detail": [Rule(only(PARTIES, otherwise=HIDDEN), args=("agreement",))],
    "agreements:version": [Rule(only(PARTIES, otherwise=HIDDEN), args=("agreement", "v1"))],
    "agreements:version_pdf": [Rule(only(PARTIES, otherwise=HIDDEN), args=("agreement", "v1"))],
    "agreements:acknowledge": [Rule(only(PARTIES, otherwise=HIDDEN), args=("agreement", "v1"))],
    "agreements:compare": [Rule(only(PARTIES, otherwise=HIDDEN), args=("agreement",))],
    "agreements:edit": [
        Rule(
            only({"learner": OK, "coach": OK, "supervisor": DENY}, otherwise=HIDDEN),
            args=("agreement",),
        )
    ],
    "agreements:send": [
        Rule(
            only({"learner": REDIRECT, "coach": REDIRECT, "supervisor": DENY}, otherwise=HIDDEN),
            args=("agreement",),
            method="post",
        )
    ],
    "agreements:end": [
        Rule(
            only({"learner": REDIRECT, "coach": REDIRECT, "supervisor": DENY}, otherwise=HIDDEN),
            args=("agreement",),
            method="post",
        )
    ],
}
# Unused import guard for readers: agreements in force are created by the world itself.
_ = agreement_in_force_create
