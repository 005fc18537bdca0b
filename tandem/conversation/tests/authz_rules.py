"""Conversation URLs in the authorization matrix (collected by tandem/privacy/tests/test_matrix.py).

E1 shares attendance and progress summaries with the supervisor and attendance with the
program lead; E2 shares nothing. Each engagement's held session has a full record whose every
type carries a marker; each journal and summary note has an earlier version (history) with a
marker, and the journals have drafts with markers. A leak to anyone shows."""

from __future__ import annotations

from tandem.coaching.models import CoachingSession, Note
from tandem.conversation.tests.helpers import (
    RECORD_MARKERS,
    REFERRAL_TEXT,
    draft,
    earlier_step,
    fill_session,
    note_of,
    revise,
)
from tandem.privacy.tests.authz import DENY, HIDDEN, LOGIN, OK, REDIRECT, Rule, only

E1_OTHERS = {"supervisor": DENY, "program_lead": DENY, "coach_supervisor": DENY}
# Parties who see E1's schedule (attendance), but never the conversation.
E1_SCHEDULE = {"supervisor": OK, "program_lead": OK, "coach_supervisor": HIDDEN}
# A session the viewer may not even see the schedule of does not exist for them (404), so
# session ids cannot be tried one by one to count someone's sessions.
S1_OTHERS = {"supervisor": DENY, "program_lead": DENY, "coach_supervisor": HIDDEN}


def e1(allowed: dict[str, str], others: dict[str, str] | None = None) -> dict[str, str]:
    return only({**(E1_OTHERS if others is None else others), **allowed}, otherwise=HIDDEN)


def on_s1(allowed: dict[str, str], others: dict[str, str] | None = None) -> dict[str, str]:
    return only({**(S1_OTHERS if others is None else others), **allowed}, otherwise=HIDDEN)


def e2(allowed: dict[str, str]) -> dict[str, str]:
    return only(allowed, otherwise=HIDDEN)


BOTH = {"learner": REDIRECT, "coach": REDIRECT}
COACH_WRITES = {"coach": REDIRECT, "learner": DENY}
SCALING = {"kind": "confidence", "scale_min": "0", "answer": "6", "follow_up": "next step"}
ACTION = {"what": "Practise the opening", "owner": "learner", "commitment": "7"}
LADDER = {"clarify": "a", "value": "b", "concerns": "", "suggest": "", "thank": "thanks"}
LADDER |= {"base_version": "1"}  # fill_session wrote version 1 of each session record
JOURNAL = {"base_version": "0", "draft_sequence": "0", "topic": "Opening with strengths"}

RULES = {
    "conversation:session_detail": [
        Rule(on_s1({"learner": OK, "coach": OK}, E1_SCHEDULE), args=("s1",)),
        Rule(e2({"other_learner": OK, "other_coach": OK}), args=("s2",)),
    ],
    "conversation:record_save": [
        Rule(
            on_s1(COACH_WRITES),
            args=("s1",),
            method="post",
            data={"focus": "Engagement", "techniques": ["feedback"], "base_version": "1"},
        ),
        Rule(
            e2({"other_coach": REDIRECT, "other_learner": DENY}),
            args=("s2",),
            method="post",
            data={"focus": "x", "base_version": "1"},
        ),
    ],
    "conversation:scaling_add": [
        Rule(on_s1(COACH_WRITES), args=("s1",), method="post", data=SCALING)
    ],
    "conversation:action_add": [Rule(on_s1(BOTH), args=("s1",), method="post", data=ACTION)],
    "conversation:action_review": [
        Rule(
            on_s1(BOTH),
            args=("s1", "early1"),
            method="post",
            data={"review": "done", "note": "Twice", "base_version": "1"},
        ),
    ],
    "conversation:ladder_save": [
        Rule(on_s1(COACH_WRITES), args=("s1",), method="post", data=LADDER)
    ],
    "conversation:feedback_save": [
        Rule(
            on_s1({"learner": REDIRECT, "coach": DENY}),
            args=("s1",),
            method="post",
            data={"usefulness": "5", "helped": "The role play", "base_version": "1"},
        )
    ],
    "conversation:wellbeing_add": [
        Rule(on_s1(COACH_WRITES), args=("s1",), method="post", data={"offered_on": "2026-11-02"})
    ],
    "conversation:overview": [
        Rule(e1({"learner": OK, "coach": OK}), args=("e1",)),
        Rule(e2({"other_learner": OK, "other_coach": OK}), args=("e2",)),
    ],
    "conversation:scaling_series": [
        Rule(e1({"learner": OK, "coach": OK}), args=("e1",)),
        Rule(e2({"other_learner": OK, "other_coach": OK}), args=("e2",)),
    ],
    "conversation:note_list": [
        Rule(e1({"coach": OK, "learner": DENY}), args=("e1", "k_coach_journal")),
        Rule(e1({"learner": OK, "coach": DENY}), args=("e1", "k_learner_journal")),
        Rule(e1({"learner": OK, "coach": OK}), args=("e1", "k_session_summary")),
        Rule(
            e1({"learner": OK, "coach": OK, "supervisor": OK}),
            args=("e1", "k_progress_summary"),
        ),
        # E2 shares nothing: its supervisor never sees progress summaries.
        Rule(e2({"other_learner": OK, "other_coach": OK}), args=("e2", "k_progress_summary")),
        Rule(
            e1({"coach": REDIRECT, "learner": DENY}),
            args=("e1", "k_coach_journal"),
            method="post",
            data=JOURNAL,
        ),
    ],
    "conversation:note_autosave": [
        Rule(
            e1({"learner": OK, "coach": DENY}),
            args=("e1", "k_learner_journal"),
            method="post",
            data={"base_version": "0", "draft_sequence": "0", "experience": "typing"},
        )
    ],
    "conversation:note_edit": [
        Rule(e1({"coach": OK}, {}), args=("n_cj1",)),
        Rule(e1({"learner": OK}, {}), args=("n_lj1",)),
        Rule(e1({"learner": OK, "coach": OK}, {}), args=("n_ss1",)),
        Rule(e1({"learner": OK, "coach": OK, "supervisor": OK}, {}), args=("n_ps1",)),
        Rule(e2({"other_learner": OK, "other_coach": OK}), args=("n_ps2",)),
        Rule(
            e1({"coach": REDIRECT, "learner": DENY}, {}),
            args=("n_ss1",),
            method="post",
            data={"base_version": "2", "draft_sequence": "0", "body": "Edited summary"},
        ),
    ],
    "conversation:wellbeing_guidance": [Rule(only({"coach": OK, "other_coach": OK}))],
}
for _rules in RULES.values():
    for _rule in _rules:
        assert _rule.expect["anonymous"] == LOGIN

KINDS = ("coach_journal", "learner_journal", "session_summary", "progress_summary")


def objects(world) -> dict[str, int | str]:
    found: dict[str, int | str] = {f"k_{kind}": kind for kind in KINDS}
    for label, engagement in (("E1", world.e1), ("E2", world.e2)):
        session = CoachingSession.objects.filter(engagement=engagement).first()
        fill_session(session, label)
        step = earlier_step(session, label)
        number = label[-1]
        found[f"s{number}"] = session.pk
        found[f"early{number}"] = step.pk
        for kind, short in (
            (Note.Kind.COACH_JOURNAL, "cj"),
            (Note.Kind.LEARNER_JOURNAL, "lj"),
            (Note.Kind.SESSION_SUMMARY, "ss"),
            (Note.Kind.PROGRESS_SUMMARY, "ps"),
        ):
            note = note_of(engagement, kind)
            revise(note, f"OLD-{kind}-{label} first words")
            found[f"n_{short}{number}"] = note.pk
            if kind in (Note.Kind.COACH_JOURNAL, Note.Kind.LEARNER_JOURNAL):
                draft(note, f"DRAFT-{kind}-{label} half a thought")
    return found


def needles(world) -> dict[str, set[str]]:
    pairs = {"E1": {"learner", "coach"}, "E2": {"other_learner", "other_coach"}}
    found: dict[str, set[str]] = {}
    for label, both in pairs.items():
        coach, learner = sorted(both)  # ("coach", "learner") or ("other_coach", "other_learner")
        for pattern in RECORD_MARKERS:
            found[pattern.format(e=label)] = both
        found[REFERRAL_TEXT[label]] = both
        found[f"OLD-coach_journal-{label}"] = {coach}
        found[f"OLD-learner_journal-{label}"] = {learner}
        found[f"DRAFT-coach_journal-{label}"] = {coach}
        found[f"DRAFT-learner_journal-{label}"] = {learner}
        found[f"OLD-session_summary-{label}"] = both
        found[f"OLD-progress_summary-{label}"] = both | ({"supervisor"} if label == "E1" else set())
    return found
