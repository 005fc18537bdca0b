"""What the session record and the journals ask, in Tandem's own words, with their sources.

Line numbers point into ``shared/seeds/003_46f68ca6216efc0f.txt`` unless another seed is named.
Pure data: no database, no Django models.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED = "Coaching Toolkit for Child Welfare Practice (seed 003)"

# Coaching techniques that help learning (seed 004, Exhibit 2, l.83-101).
TECHNIQUES: tuple[tuple[str, str, str], ...] = (
    (
        "demonstrating",
        "Demonstrating, practising or observing",
        "Show the skill, let the learner try it, or watch them use it.",
    ),
    ("feedback", "Giving feedback", "Say what went well and what could change, soon after."),
    (
        "awareness",
        "Creating awareness of opportunities",
        "Help the learner notice other ways forward and chances to learn.",
    ),
    ("reframing", "Reframing", "Look at the situation from another angle, often a kinder one."),
    (
        "past_successes",
        "Connecting past successes to new challenges",
        "Name strengths the learner has shown and link them to what is hard now.",
    ),
)
TECHNIQUE_LABELS = {code: label for code, label, _ in TECHNIQUES}
TECHNIQUES_SOURCE = "Seed 004 (supervisors as coaches), Exhibit 2, l.83-101"


@dataclass(frozen=True)
class ScalingKind:
    code: str
    label: str
    question: str  # the default question, asked the same way each session
    low: str
    high: str


# Scaling questions (l.3052-3202, Tables 4.6 and 4.7). Asking the same question each session
# makes a series the coach and learner can look back on (l.3110-3120).
SCALING_KINDS: tuple[ScalingKind, ...] = (
    ScalingKind(
        "improvement",
        "Using the new skill",
        "Where are you now with the new skill?",
        "not ready to use it yet",
        "using it every time it fits",
    ),
    ScalingKind(
        "success",
        "Progress toward what you want",
        "Where are you now, between where you started and how you want things to be?",
        "nothing has changed yet",
        "things are as you want them",
    ),
    ScalingKind(
        "confidence",
        "Confidence",
        "How confident do you feel using this skill?",
        "not confident at all",
        "fully confident",
    ),
    ScalingKind(
        "motivation",
        "Motivation",
        "How much are you ready to do to reach this goal?",
        "not willing to do anything for it",
        "ready to do a lot",
    ),
    ScalingKind(
        "importance",
        "Importance",
        "How important is this change to you right now?",
        "not important",
        "the most important thing",
    ),
    ScalingKind(
        "safety",
        "Safety-organized practice",
        "How safe do you think the child is right now, in your view?",
        "certain harm will happen again",
        "safe enough to close the case",
    ),
    ScalingKind("other", "Another question", "", "", ""),
)
SCALING = {kind.code: kind for kind in SCALING_KINDS}
SCALING_SOURCE = f"{SEED}, scaling questions l.3052-3202 (Tables 4.6 and 4.7)"
# Follow-ups that give a scaling answer its value (Table 4.6, l.3066-3095).
SCALING_FOLLOW_UPS = (
    "How did you get to where you are now? What has helped?",
    "What is the highest you have been? What was working then?",
    "What would it look like one point higher?",
    "What small step could move you up one point?",
)

# The feedback ladder (l.3750-3860, after Wilson, Perkins and others 2005).
LADDER: tuple[tuple[str, str, str], ...] = (
    ("clarify", "Clarify", "Check you understood; say what you assumed and what you watched for."),
    ("value", "Value", "Say plainly what went well and what you appreciated."),
    (
        "concerns",
        "Concerns",
        "Share worries as your own questions, e.g. “I wonder what would happen if …”.",
    ),
    ("suggest", "Suggest", "Offer clear ideas, and ask for the learner's own."),
    ("thank", "Thank", "Thank the learner and say what you learned yourself."),
)
LADDER_SOURCE = f"{SEED}, feedback ladder l.3750-3860"


@dataclass(frozen=True)
class JournalField:
    name: str
    label: str
    prompts: tuple[str, ...] = ()


# The coach's journal (l.4160-4200): a record of the session and the coach's own learning.
COACH_JOURNAL: tuple[JournalField, ...] = (
    JournalField("topic", "Goal or topic we worked on"),
    JournalField("meeting", "What happened in the meeting"),
    JournalField("did", "What I did, and why"),
    JournalField("went_well", "What went well"),
    JournalField("better", "What could have gone better; what I would do differently now"),
    JournalField("learned", "What I learned as a coach"),
    JournalField("next_steps", "Next steps, due dates and new goals"),
)
COACH_JOURNAL_SOURCE = f"{SEED}, the coach's journal, l.4160-4200"

# The learner's reflective journal: cue prompts in four groups (Table 4.4, after Cox 2005,
# l.2650-2775) and, optionally, Johns' structured reflection (l.2603-2627).
LEARNER_JOURNAL: tuple[JournalField, ...] = (
    JournalField(
        "experience",
        "The experience",
        (
            "What happened? Describe it as you saw it at the time.",
            "Which parts of it matter most to look at?",
        ),
    ),
    JournalField(
        "reflection",
        "Looking back at it",
        (
            "What were you trying to do?",
            "Why did you act or react the way you did?",
            "What followed from it, for you, the family and your colleagues?",
            "How did you feel then? How do you think the others felt, and how can you tell?",
        ),
    ),
    JournalField(
        "influences",
        "What shaped your reaction",
        (
            "What inside you played a part?",
            "What around you played a part?",
            "What knowledge did you use, or could you have used?",
        ),
    ),
    JournalField(
        "learning",
        "Learning from it",
        (
            "What else could you have done, and what might have happened then?",
            "How do you feel about it now?",
            "How does it fit with what you have lived before and what comes next?",
            "Has it changed your skills, your values or how you see yourself?",
        ),
    ),
)
JOHNS: tuple[JournalField, ...] = (
    JournalField("aesthetics", "What I actually did (aesthetics)"),
    JournalField("personal", "My own reactions and what drove them (personal)"),
    JournalField("ethics", "Did I act the way I want to act? (ethics)"),
    JournalField("empirics", "What I now know and will use next time (empirics)"),
)
LEARNER_JOURNAL_SOURCE = (
    f"{SEED}, reflective cue prompts Table 4.4 (after Cox 2005) l.2650-2775; "
    "Johns' structured reflection l.2603-2627"
)

# Learner feedback on a session: how useful it was, 1 to 5.
USEFULNESS = (
    (1, "1 — Not useful"),
    (2, "2 — A little useful"),
    (3, "3 — Useful"),
    (4, "4 — Very useful"),
    (5, "5 — Extremely useful"),
)
