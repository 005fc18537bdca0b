# ruff: noqa: E501
"""Built-in questions (reference data), written in Tandem's own words with the source cited.

Placeholders in braces (``{topic}``, ``{skill}``, ``{goal}``, ``{learner}``, ``{focus}``) stand
where the source has "(X)" or a blank; ``tandem.questionbank.placeholders.fill`` fills them.
Line numbers point into ``shared/seeds/003_46f68ca6216efc0f.txt`` unless another seed is named.
Pure data plus one loader that works with historical models (migration 0004 and tests).
"""

from __future__ import annotations

from typing import NamedTuple


class Q(NamedTuple):
    key: str
    text: str
    tags: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # "model-code:stage-code"


class Group(NamedTuple):
    category: str
    source: str
    questions: tuple[Q, ...]
    tags: tuple[str, ...] = ()  # added to every question of the group
    stages: tuple[str, ...] = ()  # linked to every question of the group


T45 = "Seed 003, Table 4.5, l.2810-3010 (after Vogt, Brown & Isaacs 2003; Santone 2000)"

GROUPS: tuple[Group, ...] = (
    Group(
        "purpose",
        f"{T45}: create purpose",
        (
            Q(
                "purpose-energizing-moment",
                "Think of a moment in your work when you felt most alive. What made it possible, and what was going on around you?",
                ("strengths", "story"),
            ),
            Q(
                "purpose-value-self",
                "Setting modesty aside, what do you value most about yourself as a practitioner and about this work?",
                ("strengths", "values"),
            ),
            Q(
                "purpose-stay-renewed",
                "What keeps you encouraged and energized in this work, and how do you renew that when it runs low?",
                ("wellbeing", "strengths"),
            ),
            Q(
                "purpose-three-wishes",
                "If it were entirely up to you, what three wishes would you make for the future of your practice? What would the ideal look like?",
                ("vision",),
            ),
            Q(
                "purpose-question-that-matters",
                "Which question about {topic}, if you could answer it, would make the biggest difference?",
                ("focus",),
            ),
            Q(
                "purpose-why-care",
                "What matters to you about {topic}, and why do you care about it?",
                ("values", "motivation"),
            ),
            Q(
                "purpose-deeper-why",
                "What is the deeper reason behind this work together, the bigger why that deserves our best effort?",
                ("values", "purpose"),
            ),
            Q(
                "purpose-opportunities",
                "What opportunities do you see in {topic}?",
                ("opportunities",),
            ),
            Q(
                "purpose-known-unknown",
                "What do we already know about {topic}, and what do we still need to find out?",
                ("assessment",),
            ),
            Q(
                "purpose-dilemmas",
                "Where are the tensions and where are the openings in {topic}?",
                ("opportunities", "dilemmas"),
            ),
            Q(
                "purpose-test-assumptions",
                "Which assumptions about {topic} should we test or question?",
                ("assumptions", "challenge"),
            ),
            Q(
                "purpose-other-beliefs",
                "How would someone with very different beliefs from ours describe {topic}?",
                ("perspective", "challenge"),
            ),
            Q(
                "purpose-session-success",
                "What would make this session worth your time?",
                ("session",),
            ),
        ),
        stages=(
            "clear:contracting",
            "grow:goal",
            "regrow:goal",
            "flow:openings",
            "skills-based:joint-planning",
        ),
    ),
    Group(
        "experience",
        f"{T45}: describe the experience",
        (
            Q("experience-what-else", "What else did you notice or go through?", ("observation",)),
            Q(
                "experience-specific",
                "Could you make that more concrete? What exactly happened?",
                ("clarify",),
            ),
            Q("experience-other-words", "How would you put that another way?", ("clarify",)),
            Q(
                "experience-more-detail",
                "Tell me more about {topic}. What details stand out?",
                ("clarify", "observation"),
            ),
            Q(
                "experience-reactions",
                "Who reacted the way you did, and who reacted differently?",
                ("perspective", "observation"),
            ),
            Q(
                "experience-missing",
                "What is missing from this picture so far? What are we not seeing, and what needs to be clearer?",
                ("clarify", "assessment"),
            ),
            Q(
                "experience-felt",
                "What was going through your mind while {topic} was happening?",
                ("reflection",),
            ),
        ),
        stages=(
            "clear:listening",
            "grow:reality",
            "regrow:reality",
            "regrow:review",
            "skills-based:facilitated-reflection",
            "appreciative-inquiry:discovery",
        ),
    ),
    Group(
        "meaning",
        f"{T45}: draw meaning",
        (
            Q(
                "meaning-emerging",
                "What is coming into focus for you now? What new connections are you making?",
                ("reflection", "insight"),
            ),
            Q(
                "meaning-stood-out",
                "What struck you most in what you heard, and what surprised you?",
                ("reflection",),
            ),
            Q(
                "meaning-challenged",
                "What stretched or challenged you?",
                ("reflection", "challenge"),
            ),
            Q(
                "meaning-main-learning",
                "What is the most important thing you have learned or realized so far?",
                ("insight", "learning"),
            ),
            Q(
                "meaning-next-level",
                "What kind of thinking do we need next to move this forward?",
                ("insight",),
            ),
            Q(
                "meaning-unsaid",
                "What has not been said yet that would help us understand this more deeply?",
                ("clarify", "insight"),
            ),
            Q("meaning-pattern", "Do you notice a pattern here?", ("patterns",)),
            Q("meaning-account-for", "How would you explain {topic}?", ("patterns", "reflection")),
            Q("meaning-significance", "What was important about {topic}?", ("reflection",)),
            Q("meaning-connections", "What links do you see between these pieces?", ("patterns",)),
            Q("meaning-suggests", "What does {topic} tell you?", ("insight",)),
        ),
        stages=(
            "clear:exploring",
            "skills-based:self-reflection",
            "skills-based:facilitated-reflection",
            "solution-focused:exceptions",
        ),
    ),
    Group(
        "principles",
        f"{T45}: generalize to principles",
        (
            Q("principles-conclude", "What conclusions can you draw from {topic}?", ("learning",)),
            Q(
                "principles-remind",
                "Does {topic} remind you of anything you have met before?",
                ("patterns", "learning"),
            ),
            Q("principles-operating", "What principle seems to be at work here?", ("principles",)),
            Q(
                "principles-explains",
                "What else does this help you make sense of?",
                ("principles", "insight"),
            ),
            Q(
                "principles-relates",
                "How does this fit with other experiences or with what you already knew?",
                ("learning", "patterns"),
            ),
        ),
        stages=(
            "clear:exploring",
            "skills-based:self-reflection",
            "appreciative-inquiry:discovery",
        ),
    ),
    Group(
        "future",
        f"{T45}: apply to the future",
        (
            Q(
                "future-use-info",
                "How could you put what you learned to use?",
                ("action", "learning"),
            ),
            Q(
                "future-own-practice",
                "What does this new information say about your own actions and practice?",
                ("reflection", "practice"),
            ),
            Q(
                "future-consequences",
                "What could happen if you do {topic}, and what if you do not?",
                ("decision", "action"),
            ),
            Q(
                "future-adapt",
                "How would you adapt this so it fits you and this situation?",
                ("action",),
            ),
            Q(
                "future-create-change",
                "What would it take to create change here?",
                ("change", "action"),
            ),
            Q(
                "future-engaged",
                "What would need to happen for you to feel fully engaged and energized about {topic}?",
                ("motivation", "engagement"),
            ),
            Q(
                "future-possible-not-wrong",
                "What is possible here, and who cares about it? (Rather than what is wrong, and whose fault it is.)",
                ("reframe", "strengths"),
            ),
            Q(
                "future-ideal-real",
                "What would need to change for the ideal to become real? What would serve the children best, and the system, and your colleagues?",
                ("change", "children", "vision"),
            ),
            Q(
                "future-attention",
                "What needs your attention first from here?",
                ("priorities", "action"),
            ),
            Q(
                "future-bold",
                "If success were guaranteed, what bold steps would you take?",
                ("vision", "action"),
            ),
            Q(
                "future-challenges",
                "What obstacles might you meet, and how could you handle them?",
                ("barriers", "planning"),
            ),
            Q(
                "future-ready",
                "What are you ready to do to make these changes happen, and who will you work with?",
                ("commitment", "collaboration"),
            ),
        ),
        stages=(
            "grow:wrap-up",
            "regrow:wrap-up",
            "clear:action",
            "appreciative-inquiry:destiny",
            "solution-focused:small-steps",
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, Table 6.5, l.5597-5860",
        (
            Q(
                "sb-why-coaching",
                "What brought you to coaching now, and what do you hope it will change in your work?",
                ("interest", "purpose"),
                ("skills-based:initial-interest",),
            ),
            Q(
                "sb-supervisor-role",
                "How would you like your supervisor to be involved in setting up this coaching?",
                ("supervisor", "agreement"),
                ("skills-based:initial-interest",),
            ),
            Q(
                "sb-concerns",
                "What worries or hesitations do you have about being coached?",
                ("trust", "concerns"),
                ("skills-based:joint-planning",),
            ),
            Q(
                "sb-logistics",
                "Where, when and how often should we meet, and when could I observe or demonstrate {skill}?",
                ("logistics", "observation"),
                ("skills-based:joint-planning",),
            ),
            Q(
                "sb-watch-for",
                "When you watch {skill} demonstrated, what would you like to pay attention to?",
                ("demonstration", "observation"),
                ("skills-based:demonstration-observation-action",),
            ),
            Q(
                "sb-observe-focus",
                "When I observe you using {skill}, what should I look for?",
                ("observation", "rubric"),
                ("skills-based:demonstration-observation-action",),
            ),
            Q(
                "sb-what-raise",
                "Looking back on the observation, what do you want to talk through together?",
                ("reflection",),
                ("skills-based:self-reflection",),
            ),
            Q(
                "sb-differently",
                "What would you do differently the next time you use {skill}?",
                ("reflection", "practice"),
                ("skills-based:self-reflection", "skills-based:facilitated-reflection"),
            ),
            Q(
                "sb-own-view-first",
                "Before I share what I saw, how do you think it went?",
                ("reflection", "feedback"),
                ("skills-based:facilitated-reflection",),
            ),
            Q(
                "sb-matched-intent",
                "How close did what happened come to what you meant to do?",
                ("reflection",),
                ("skills-based:facilitated-reflection",),
            ),
            Q(
                "sb-went-well",
                "What has gone well between us so far, and what has been hard?",
                ("relationship", "evaluation"),
                ("skills-based:evaluation",),
            ),
            Q(
                "sb-cycle-met-goal",
                "Has this round of coaching reached what you wanted from it for {goal}?",
                ("progress", "evaluation"),
                ("skills-based:evaluation",),
            ),
            Q(
                "sb-better-fit",
                "Is there anything about how we work, or who coaches you, that would make this more useful?",
                ("relationship", "evaluation"),
                ("skills-based:evaluation",),
            ),
            Q(
                "sb-carry-on",
                "What will you keep doing on your own once coaching ends, and what would you like your supervisor to know?",
                ("closing", "supervisor"),
                ("skills-based:closing",),
            ),
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, l.6559-6650, Table 6.8 (GROW/REGROW)",
        (
            Q(
                "grow-achieve-session",
                "What would you like to come away with from this session?",
                ("goal", "session"),
                ("grow:goal", "regrow:goal"),
            ),
            Q(
                "grow-next-half-hour",
                "What do you want from the next half hour?",
                ("goal", "session"),
                ("grow:goal", "regrow:goal"),
            ),
            Q(
                "grow-perfect-world",
                "Picture things working exactly as you would like. What does that look like?",
                ("vision", "goal"),
                ("grow:goal", "regrow:goal"),
            ),
            Q(
                "grow-scale-goal",
                "On a scale of 1 to 10, where are you now in relation to {goal}?",
                ("scale", "progress"),
                ("grow:reality", "regrow:reality"),
            ),
            Q(
                "grow-contributed",
                "What has helped you get this far?",
                ("strengths", "progress"),
                ("grow:reality", "regrow:reality"),
            ),
            Q(
                "grow-progress",
                "What progress have you made so far?",
                ("progress",),
                ("grow:reality", "regrow:reality", "regrow:review"),
            ),
            Q(
                "grow-working-now",
                "What is working well at the moment?",
                ("strengths",),
                ("grow:reality", "regrow:reality"),
            ),
            Q(
                "grow-options",
                "What options do you have?",
                ("options",),
                ("grow:options", "regrow:options"),
            ),
            Q(
                "grow-handled-before",
                "How have you handled this, or something like it, before?",
                ("options", "strengths"),
                ("grow:options", "regrow:options"),
            ),
            Q(
                "grow-five-options",
                "Can you name five different things you could try?",
                ("options", "brainstorm"),
                ("grow:options", "regrow:options"),
            ),
            Q(
                "grow-anything-possible",
                "If there were no limits, what would you do?",
                ("options", "vision"),
                ("grow:options", "regrow:options"),
            ),
            Q(
                "grow-what-else",
                "What else could you do?",
                ("options", "brainstorm"),
                ("grow:options", "regrow:options", "clear:exploring"),
            ),
            Q(
                "grow-best-option",
                "Which of these options suits you best?",
                ("decision",),
                ("grow:wrap-up", "regrow:wrap-up"),
            ),
            Q(
                "grow-small-step",
                "What one small step will you take right away?",
                ("action", "small-steps"),
                ("grow:wrap-up", "regrow:wrap-up"),
            ),
            Q(
                "grow-when-start",
                "When will you start, and who will help you?",
                ("action", "support"),
                ("grow:wrap-up", "regrow:wrap-up"),
            ),
            Q(
                "grow-know-success",
                "How will you know you have succeeded with {goal}?",
                ("measure", "goal"),
                ("grow:wrap-up", "regrow:wrap-up"),
            ),
            Q(
                "grow-commitment-scale",
                "On a scale of 1 to 10, how committed are you to doing this, and how motivated?",
                ("scale", "commitment"),
                ("grow:wrap-up", "regrow:wrap-up"),
            ),
            Q(
                "regrow-since-last",
                "What did you try since we last met, and what happened?",
                ("review", "action"),
                ("regrow:review",),
            ),
            Q(
                "regrow-goal-still-fits",
                "Does {goal} still fit, or has what you learned changed it?",
                ("review", "goal"),
                ("regrow:review",),
            ),
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, l.6101-6392, Table 6.6 (CLEAR)",
        (
            Q(
                "clear-use-time",
                "How would you like to use our time today?",
                ("session", "agenda"),
                ("clear:contracting",),
            ),
            Q(
                "clear-most-valuable",
                "How can I be most useful to you?",
                ("session", "relationship"),
                ("clear:contracting",),
            ),
            Q(
                "clear-focus",
                "What in particular should we focus on?",
                ("focus",),
                ("clear:contracting",),
            ),
            Q(
                "clear-success-both",
                "What would make this session a success for you and for your agency?",
                ("session", "agency"),
                ("clear:contracting",),
            ),
            Q(
                "clear-shifted",
                "What would you like to have changed or moved by the time you leave?",
                ("session", "goal"),
                ("clear:contracting",),
            ),
            Q(
                "clear-summarize",
                "Let me try to sum up what I have heard. Does this capture it?",
                ("listening", "summarize"),
                ("clear:listening",),
            ),
            Q(
                "clear-sensing",
                "Here is what I sense underneath what you are saying. How close is that?",
                ("listening", "reflection"),
                ("clear:listening",),
            ),
            Q(
                "clear-who-help",
                "Who could help you that you have not asked yet?",
                ("support", "resources"),
                ("clear:exploring",),
            ),
            Q(
                "clear-who-has",
                "Who has the information, skills or authority you need here?",
                ("resources", "system"),
                ("clear:exploring",),
            ),
            Q(
                "clear-four-ways",
                "What are four different ways you could approach this?",
                ("options", "brainstorm"),
                ("clear:exploring",),
            ),
            Q(
                "clear-wildest",
                "What is the most unusual option you can think of?",
                ("options", "creativity"),
                ("clear:exploring",),
            ),
            Q(
                "clear-admire",
                "How would someone you admire handle this?",
                ("perspective", "options"),
                ("clear:exploring",),
            ),
            Q(
                "clear-pros-cons",
                "What speaks for and against each option?",
                ("decision",),
                ("clear:action",),
            ),
            Q(
                "clear-first-step",
                "What is the first step, and when exactly will you take it?",
                ("action",),
                ("clear:action",),
            ),
            Q(
                "clear-involve",
                "Who needs to be involved, consulted or told?",
                ("collaboration", "action"),
                ("clear:action",),
            ),
            Q(
                "clear-realistic",
                "How realistic is this plan, and what would make it much more likely to work?",
                ("planning", "barriers"),
                ("clear:action",),
            ),
            Q(
                "clear-rehearse",
                "Shall we practice how you will open that conversation? I will play the other person.",
                ("rehearsal", "practice"),
                ("clear:action", "skills-based:demonstration-observation-action"),
            ),
            Q(
                "clear-learned-session",
                "What did you learn today?",
                ("learning", "review"),
                ("clear:review",),
            ),
            Q(
                "clear-own-ability",
                "How has this increased your ability to handle situations like it?",
                ("learning", "confidence"),
                ("clear:review",),
            ),
            Q(
                "clear-helpful-hard",
                "What was helpful about our coaching today, and what was difficult?",
                ("feedback", "review"),
                ("clear:review", "skills-based:evaluation"),
            ),
            Q(
                "clear-differently-next",
                "What would you like us to do differently next time?",
                ("feedback", "review"),
                ("clear:review",),
            ),
            Q(
                "clear-review-when",
                "When and where will we look at how this plan went?",
                ("follow-up", "review"),
                ("clear:review",),
            ),
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, l.6394-6530, Table 6.7 (Flow)",
        (
            Q(
                "flow-relationship",
                "What helps you trust someone you work with, and what would help you trust this coaching?",
                ("trust", "relationship"),
                ("flow:relationship",),
            ),
            Q(
                "flow-opening",
                "What about {topic} do you most want to look at more closely?",
                ("openings", "focus"),
                ("flow:openings",),
            ),
            Q(
                "flow-self-assess",
                "How would you describe your current skill with {skill}, and whom could you watch doing it well?",
                ("assessment", "observation"),
                ("flow:assessment-observation",),
            ),
            Q(
                "flow-interrupt",
                "What could get in the way of coaching for you?",
                ("barriers", "enrollment"),
                ("flow:enrollment",),
            ),
            Q(
                "flow-fit",
                "How does coaching fit with everything else you are already doing?",
                ("workload", "enrollment"),
                ("flow:enrollment",),
            ),
            Q(
                "flow-slow",
                "What will you do if coaching starts to feel slow, repetitive or pointless?",
                ("enrollment", "commitment"),
                ("flow:enrollment",),
            ),
            Q(
                "flow-commit",
                "What are each of us committing to in this coaching?",
                ("commitment", "agreement"),
                ("flow:enrollment",),
            ),
            Q(
                "flow-scope",
                "How big is this piece of work, and how should we structure our sessions?",
                ("scope", "planning"),
                ("flow:coaching-conversation",),
            ),
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, l.4600-4680 (solution-focused, POWERS)",
        (
            Q(
                "sf-coping",
                "This sounds hard. How have you been managing to cope with it?",
                ("coping", "empathy"),
                ("solution-focused:problems",),
            ),
            Q(
                "sf-outcome",
                "When this is going well, what will be different?",
                ("outcome", "goal"),
                ("solution-focused:outcomes",),
            ),
            Q(
                "sf-scale",
                "On a scale of 0 to 10, where are things now with {focus}?",
                ("scale",),
                ("solution-focused:where-now",),
            ),
            Q(
                "sf-not-lower",
                "What puts you at that number rather than a lower one?",
                ("scale", "strengths"),
                ("solution-focused:where-now",),
            ),
            Q(
                "sf-exception",
                "When was the problem absent, or a little smaller? What was different then?",
                ("exceptions", "strengths"),
                ("solution-focused:exceptions",),
            ),
            Q(
                "sf-did-then",
                "What did you do that helped in those times?",
                ("exceptions", "strengths"),
                ("solution-focused:exceptions",),
            ),
            Q(
                "sf-relationships",
                "Who around you would notice first that things are improving, and what would they see?",
                ("relationships", "support"),
                ("solution-focused:relationships",),
            ),
            Q(
                "sf-miracle",
                "Imagine that overnight the problem was solved. What is the first small sign you would notice tomorrow?",
                ("miracle", "vision"),
                ("solution-focused:outcomes", "solution-focused:small-steps"),
            ),
            Q(
                "sf-one-up",
                "What would one point higher on the scale look like, and what small step would get you there?",
                ("scale", "small-steps"),
                ("solution-focused:small-steps",),
            ),
        ),
    ),
    Group(
        "model_stage",
        "Seed 003, l.1301-1432, Figure 3.2 (appreciative inquiry)",
        (
            Q(
                "ai-best-time",
                "Tell me about a time {topic} went really well. What made it work?",
                ("strengths", "story"),
                ("appreciative-inquiry:discovery",),
            ),
            Q(
                "ai-proud",
                "What are you proudest of in how you practice?",
                ("strengths",),
                ("appreciative-inquiry:discovery",),
            ),
            Q(
                "ai-dream",
                "If {topic} were everything it could be, what would that look like?",
                ("vision",),
                ("appreciative-inquiry:dream",),
            ),
            Q(
                "ai-want",
                "What do you really want here?",
                ("vision", "goal"),
                ("appreciative-inquiry:dream",),
            ),
            Q(
                "ai-design",
                "Building on what already works, what could you try?",
                ("options", "strengths"),
                ("appreciative-inquiry:design",),
            ),
            Q(
                "ai-destiny",
                "How will you keep learning and adjusting as you put this into practice?",
                ("sustain", "learning"),
                ("appreciative-inquiry:destiny",),
            ),
        ),
    ),
    Group(
        "scaling",
        "Seed 003, Table 4.7, l.3195-3390 (scaling questions for safety-organized practice)",
        (
            Q(
                "sop-safety-rate",
                "If this case closed today, how safe would the child be, from 0 (very likely to be hurt again) to 10 (very safe at home)?",
                ("safety", "scale"),
            ),
            Q(
                "sop-safety-actions",
                "Which caregiver actions have you seen that let you rate safety as high as you did?",
                ("safety", "evidence"),
            ),
            Q(
                "sop-safety-up-one",
                "What would need to happen for your safety rating to go up by one?",
                ("safety", "scale"),
            ),
            Q(
                "sop-parents-rate",
                "How do you think the parents would rate this?",
                ("safety", "perspective", "family"),
            ),
            Q(
                "sop-understanding-rate",
                "From 0 to 10, how well do the caregivers understand why the agency is worried about their family?",
                ("shared-understanding", "scale", "family"),
            ),
            Q(
                "sop-danger-statement",
                "How could the worry statement be made clearer to the family so that rating rises by one?",
                ("shared-understanding", "family"),
            ),
            Q(
                "sop-daily-safety",
                "Does the family know what day-to-day safety needs to look like?",
                ("safety", "family"),
            ),
            Q(
                "sop-child-feel",
                "From 0 to 10, how safe would the child feel going home tomorrow?",
                ("child-voice", "safety", "scale"),
            ),
            Q(
                "sop-child-rules",
                "Which rules would the child need to see the adults keep to feel safe enough to go home?",
                ("child-voice", "safety"),
            ),
            Q(
                "sop-child-find-out",
                "How could we find out what the child really feels?",
                ("child-voice",),
            ),
            Q(
                "sop-network-rate",
                "From 0 to 10, how would you rate your work helping the family build a network of safe people who will stay after the agency leaves?",
                ("support-network", "scale"),
            ),
            Q(
                "sop-network-next",
                "Before your next visit, what else could you do to raise that number by one?",
                ("support-network", "action"),
            ),
            Q(
                "sop-plan-confidence",
                "From 0 to 10, how sure are you that the parents will follow the safety plan and reach out to their network?",
                ("safety-plan", "scale", "confidence"),
            ),
            Q(
                "sop-plan-more-confident",
                "What would you need to see to feel more confident?",
                ("safety-plan", "confidence"),
            ),
            Q(
                "sop-engagement-rate",
                "From 0 to 10, how engaged are you with this family and their network?",
                ("engagement", "scale", "family"),
            ),
            Q(
                "sop-engagement-barrier",
                "What is keeping that engagement rating from going up by one?",
                ("engagement", "barriers"),
            ),
            Q(
                "sop-ask-family",
                "Have you asked the family what would help them work with you as partners?",
                ("engagement", "family"),
            ),
            Q(
                "sop-self-rate",
                "From 0 to 10, how would you rate your work with this family over the past {weeks}?",
                ("self-reflection", "scale"),
            ),
            Q(
                "sop-keep-doing",
                "What did you do that you will carry into your work with other families?",
                ("strengths", "self-reflection"),
            ),
        ),
        tags=("safety-organized-practice",),
    ),
    Group(
        "motivational",
        "Seed 003, l.3580-3735 (motivational interviewing: evoking change talk; what, when and how questions)",
        (
            Q(
                "mi-importance-ruler",
                "From 1 (not at all) to 10 (extremely), how important is it to you to change {behavior}?",
                ("importance", "scale", "change-talk"),
            ),
            Q("mi-why-not-lower", "Why that number and not a lower one?", ("scale", "change-talk")),
            Q(
                "mi-move-higher",
                "What could move you a point or two higher?",
                ("scale", "change-talk"),
            ),
            Q(
                "mi-confidence-ruler",
                "If you decided to make this change, how confident are you that you could?",
                ("confidence", "scale", "ability"),
            ),
            Q(
                "mi-values",
                "What matters most to you in your work, and how does {behavior} fit with that?",
                ("values", "discrepancy"),
            ),
            Q(
                "mi-decisional-balance",
                "What are the upsides and downsides of changing, and of staying the same?",
                ("decisional-balance", "ambivalence"),
            ),
            Q(
                "mi-good-not-so-good",
                "What are the good things about how you do it now, and the not-so-good things?",
                ("ambivalence",),
            ),
            Q(
                "mi-elaborate",
                "In what ways? What does that look like, and when did it last happen?",
                ("elaboration", "change-talk"),
            ),
            Q(
                "mi-look-back",
                "How were things different before this became a pattern?",
                ("look-back",),
            ),
            Q(
                "mi-look-forward",
                "If you made every change you want, what would be different five years from now?",
                ("look-forward", "vision"),
            ),
            Q(
                "mi-extremes",
                "What is the worst that could happen if nothing changes, and the best if it does?",
                ("extremes",),
            ),
            Q(
                "mi-come-alongside",
                "Maybe the way you do it now matters so much to you that changing it is not worth it. What do you think?",
                ("ambivalence", "resistance"),
            ),
            Q(
                "mi-hurting-helping",
                "How is what you are doing now helping you, and how is it getting in your way?",
                ("what-when-how",),
            ),
            Q("mi-barriers", "What can you do about {topic}?", ("what-when-how", "barriers")),
            Q("mi-better", "How could you make it better?", ("what-when-how",)),
            Q(
                "mi-approach",
                "What could you change in your approach?",
                ("what-when-how", "action"),
            ),
            Q(
                "mi-how-done",
                "How are you going to get it done, and what will you do differently?",
                ("what-when-how", "action"),
            ),
            Q(
                "mi-when",
                "When can you do it, and by when will it be done?",
                ("what-when-how", "action"),
            ),
        ),
        tags=("motivational-interviewing",),
        stages=("solution-focused:where-now",),
    ),
    Group(
        "feedback",
        "Seed 003, l.3735-3860, Figure 4.1 (ladder of feedback after Wilson, Perkins et al. 2005)",
        (
            Q(
                "fb-clarify",
                "Help me understand what you were aiming for in {topic}.",
                ("clarify",),
            ),
            Q(
                "fb-frame",
                "I watched this with one thing in mind, {focus}. Shall I start there?",
                ("clarify", "observation"),
            ),
            Q(
                "fb-value",
                "Here is what I thought went really well. What would you add?",
                ("value", "strengths"),
            ),
            Q("fb-explore", "It might be worth looking at {topic} together.", ("concern", "stem")),
            Q("fb-wonder", "I wonder what would happen if you tried {topic}.", ("concern", "stem")),
            Q(
                "fb-already-thought",
                "You may have considered this already, but what about {topic}?",
                ("concern", "stem"),
            ),
            Q(
                "fb-question-raised",
                "One question this raised for me was about {topic}. How do you see it?",
                ("concern", "stem"),
            ),
            Q(
                "fb-got-me-thinking",
                "Something that got me thinking was {topic}.",
                ("concern", "stem"),
            ),
            Q(
                "fb-concern",
                "One concern I had, and it is only my view, was {topic}. What do you make of it?",
                ("concern", "stem"),
            ),
            Q(
                "fb-suggest-ideas",
                "What ideas do you have for improving this? I have one suggestion too, if it helps.",
                ("suggest",),
            ),
            Q(
                "fb-thank",
                "Thank you for letting me observe. What was it like to hear this feedback?",
                ("thank", "relationship"),
            ),
        ),
        tags=("feedback-ladder",),
        stages=("skills-based:facilitated-reflection",),
    ),
    Group(
        "enrollment",
        "Seed 003, l.4210-4240 (troubleshooting: enrollment)",
        (
            Q(
                "enr-contact",
                "Are we in touch often enough for coaching to keep its momentum?",
                ("frequency",),
            ),
            Q(
                "enr-spacing",
                "Would more or less time between our sessions work better for you?",
                ("frequency", "logistics"),
            ),
            Q(
                "enr-judged",
                "How has the feedback felt? Has any of it left you feeling judged?",
                ("feedback", "trust"),
            ),
            Q(
                "enr-follow-through",
                "I notice some agreed steps and appointments have slipped. What is getting in the way?",
                ("follow-through", "barriers"),
            ),
            Q(
                "enr-supervisor-time",
                "Does your supervisor give you the time you need for coaching and practice?",
                ("supervisor", "time"),
            ),
            Q(
                "enr-system",
                "What else in the agency or your workload is making coaching hard right now?",
                ("system", "workload"),
            ),
            Q(
                "enr-recommit",
                "Looking at what we agreed at the start, what do you still want from coaching?",
                ("commitment", "agreement"),
            ),
        ),
        tags=("engagement",),
        stages=("flow:enrollment", "skills-based:evaluation"),
    ),
    Group(
        "agreement",
        "Seed 003, Table 6.4, l.5250-5490 (after National Staff Development Council 2008)",
        (
            Q(
                "agr-agency-results",
                "What results does the agency expect from coaching in the next month, and in the next year?",
                ("agency", "results"),
            ),
            Q(
                "agr-learner-results",
                "What results do you expect from coaching in the next month, and in the next year?",
                ("learner", "results"),
            ),
            Q(
                "agr-coach-results",
                "As the coach, what results do I expect from this coaching, short and longer term?",
                ("coach", "results"),
            ),
            Q(
                "agr-agency-goals",
                "Which of the agency's improvement goals does this coaching support?",
                ("agency", "results"),
            ),
            Q(
                "agr-measure",
                "How will we measure success?",
                ("agency", "learner", "coach", "measure"),
            ),
            Q(
                "agr-expect-of-coach",
                "What do leaders, supervisors and learners each expect of the coach?",
                ("agency", "roles"),
            ),
            Q(
                "agr-boundaries",
                "What are the limits of the coach's role, and what is outside it?",
                ("coach", "roles", "boundaries"),
            ),
            Q(
                "agr-who-coached",
                "Which teams will be coached, is it decided in advance who takes part, and is it voluntary?",
                ("agency", "voluntary"),
            ),
            Q(
                "agr-scheduling",
                "When will we meet, and will we book each session at the end of the last one or further ahead?",
                ("learner", "coach", "logistics"),
            ),
            Q(
                "agr-modality",
                "Will we meet in person, by phone, by video or by email, and can you contact me between sessions?",
                ("learner", "coach", "modality"),
            ),
            Q(
                "agr-coach-time",
                "How much time can the coach give this work, and where is that time best spent?",
                ("agency", "coach", "capacity"),
            ),
            Q(
                "agr-log",
                "How will coaching work be recorded, and what does each side need to show?",
                ("agency", "coach", "records"),
            ),
            Q(
                "agr-coach-support",
                "How will the agency support and introduce the coach, and what resources are available?",
                ("agency", "coach", "resources"),
            ),
            Q(
                "agr-cancel",
                "What happens when one of us cancels or misses a session, and who is told?",
                ("learner", "coach", "cancellation"),
            ),
            Q(
                "agr-confidentiality",
                "What stays between us, and what exactly may be shared with your supervisor or managers?",
                ("learner", "coach", "confidentiality"),
            ),
            Q(
                "agr-ethics-arise",
                "How will we protect confidentiality if an ethical concern comes up?",
                ("coach", "confidentiality", "ethics"),
            ),
            Q(
                "agr-external-observe",
                "If the coach is from outside the agency, how will observation of work with families be arranged?",
                ("agency", "coach", "observation"),
            ),
            Q(
                "agr-disagreements",
                "How will we handle a disagreement, and what would help you feel safe and confident in coaching?",
                ("learner", "coach", "trust"),
            ),
            Q(
                "agr-unethical",
                "What will happen if the coach sees conduct that seems unethical or puts a client at risk?",
                ("agency", "coach", "ethics", "safety"),
            ),
            Q(
                "agr-case-involvement",
                "How involved may the coach be in actual cases, and how much case information may be shared?",
                ("agency", "coach", "case-information"),
            ),
            Q(
                "agr-counseling",
                "Coaching is not counseling: if you need that kind of help, how will we handle a referral?",
                ("learner", "coach", "referral", "boundaries"),
            ),
        ),
        stages=("skills-based:initial-interest", "clear:contracting"),
    ),
    Group(
        "quality_contact",
        "Seed 004, l.52-119, Exhibits 1 and 2 (coaching for quality contacts)",
        (
            Q(
                "qc-comfortable",
                "Which parts of caseworker visits feel most comfortable for you, and which least?",
                ("visits", "focus"),
                ("quality-contacts:clarify-focus-roles",),
            ),
            Q(
                "qc-upcoming-visit",
                "Is there an upcoming visit we could use to work on {focus}?",
                ("visits", "planning"),
                ("quality-contacts:clarify-focus-roles",),
            ),
            Q(
                "qc-do-differently",
                "What would you like to be able to do differently in your visits, and why?",
                ("visits", "goal"),
                ("quality-contacts:clarify-focus-roles",),
            ),
            Q(
                "qc-success",
                "What will success look like?",
                ("goal", "measure"),
                ("quality-contacts:set-expectations",),
            ),
            Q(
                "qc-how-help",
                "How could coaching help with that?",
                ("purpose",),
                ("quality-contacts:clarify-focus-roles",),
            ),
            Q(
                "qc-roles",
                "How do you understand coaching and the part each of us plays in it?",
                ("roles", "agreement"),
                ("quality-contacts:clarify-focus-roles",),
            ),
            Q(
                "qc-planning",
                "How is planning for your visits going?",
                ("visits", "planning"),
                ("quality-contacts:ask-questions",),
            ),
            Q(
                "qc-kept-focused",
                "What has helped keep your visits focused and purposeful?",
                ("visits", "strengths"),
                ("quality-contacts:ask-questions",),
            ),
            Q(
                "qc-learn-recent",
                "What can you take from your most recent visit, or from training or shadowing?",
                ("visits", "learning"),
                ("quality-contacts:ask-questions",),
            ),
            Q(
                "qc-continue",
                "What worked well that you want to keep doing?",
                ("strengths",),
                ("quality-contacts:ask-questions",),
            ),
            Q(
                "qc-keep-agenda",
                "What could you do differently to keep visits on your agenda, and how would that help?",
                ("visits", "action"),
                ("quality-contacts:ask-questions",),
            ),
            Q(
                "qc-support-prep",
                "How can I help you prepare for your next visits?",
                ("support", "planning"),
                ("quality-contacts:identify-next-steps",),
            ),
            Q(
                "qc-assess-progress",
                "How would you rate your progress toward {goal}?",
                ("progress",),
                ("quality-contacts:monitor-progress",),
            ),
            Q(
                "qc-helped-barriers",
                "What has helped you move toward your goals, and what has held you back?",
                ("progress", "barriers"),
                ("quality-contacts:monitor-progress",),
            ),
            Q(
                "qc-insights",
                "What have you learned that you could use in future visits?",
                ("visits", "learning"),
                ("quality-contacts:monitor-progress",),
            ),
            Q(
                "qc-confidence",
                "From 1 (not at all confident) to 10 (very confident), how confident are you in {skill}? What would move that up one?",
                ("confidence", "scale"),
                ("quality-contacts:monitor-progress",),
            ),
            Q(
                "qc-goal-behavior",
                "Which one thing you do in visits would you most like to change, and how would we both notice the change?",
                ("goal", "visits"),
                ("quality-contacts:set-expectations",),
            ),
            Q(
                "qc-since-last",
                "Looking at your goals, what have you done toward them since we last met?",
                ("goal", "progress"),
                ("quality-contacts:set-expectations",),
            ),
            Q(
                "qc-tried-before",
                "What have you already tried with this, and what happened?",
                ("action", "learning"),
                ("quality-contacts:identify-next-steps",),
            ),
            Q(
                "qc-worksheet",
                "After your next visits, would you fill in the quality contact worksheet so we can go through it together?",
                ("visits", "planning"),
                ("quality-contacts:identify-next-steps",),
            ),
            Q(
                "qc-shadow",
                "Would it help to watch a colleague's visit first, or to practise a hard conversation with me?",
                ("visits", "practice"),
                ("quality-contacts:other-techniques",),
            ),
            Q(
                "qc-other-view",
                "How might the family see that visit? What opening does their view give you?",
                ("visits", "reframing"),
                ("quality-contacts:other-techniques",),
            ),
            Q(
                "qc-past-success",
                "When did a visit go the way you hoped? What did you do then that could help now?",
                ("strengths", "visits"),
                ("quality-contacts:other-techniques",),
            ),
            Q(
                "qc-new-goals",
                "What new goals are you ready to take on?",
                ("goal", "progress"),
                ("quality-contacts:monitor-progress",),
            ),
        ),
        tags=("quality-contacts", "supervisor-coaching"),
    ),
    Group(
        "resilience",
        "Seed 002, l.11 (QIC-WD supportive supervision for resilience)",
        (
            Q(
                "res-wellbeing",
                "How are you doing overall, and how much work stress are you carrying right now?",
                ("stress", "wellbeing"),
            ),
            Q(
                "res-present",
                "What would help you set other things aside and be fully here for the next few minutes?",
                ("focus", "presence"),
            ),
            Q(
                "res-sessions",
                "Which Resilience Alliance sessions have you attended so far?",
                ("resilience-alliance",),
            ),
            Q(
                "res-learned",
                "What did you learn in the last Resilience Alliance session, and which tools did you pick up?",
                ("resilience-alliance", "learning"),
            ),
            Q(
                "res-tried",
                "Which of those tools have you tried in practice, and how did it go?",
                ("resilience-alliance", "practice"),
            ),
            Q(
                "res-stress-impact",
                "How has using them changed the way you manage stress at work?",
                ("stress", "coping"),
            ),
            Q(
                "res-apply",
                "Where could you use what you learned this week, and what might make that hard?",
                ("action", "barriers"),
            ),
            Q(
                "res-next-step",
                "What is one step you will take to put this into action?",
                ("action", "commitment"),
            ),
            Q(
                "res-commit",
                "How committed are you to that step, and what support would help?",
                ("commitment", "support"),
            ),
            Q(
                "res-expectations",
                "What do you expect from these supportive supervision conversations, and do you have questions about what is shared and with whom?",
                ("confidentiality", "expectations"),
            ),
            Q(
                "res-feedback",
                "How was this conversation for you? What would make the next one more useful?",
                ("feedback",),
            ),
        ),
        tags=("resilience",),
    ),
)


def all_questions() -> list[tuple[Group, Q]]:
    return [(group, q) for group in GROUPS for q in group.questions]


def load_questions(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Create or refresh the built-in questions (idempotent; needs the built-in models).

    Bulk writes: browser tests reload this after every table flush.
    """
    Question = apps.get_model("questionbank", "Question")
    Tag = apps.get_model("questionbank", "Tag")
    ModelStage = apps.get_model("questionbank", "ModelStage")
    stages = {
        f"{s.model.code}:{s.code}": s.pk
        for s in ModelStage.objects.select_related("model").filter(model__is_builtin=True)
    }
    rows = all_questions()
    slugs = sorted({t for group, q in rows for t in (*group.tags, *q.tags)})
    existing_tags = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Tag.objects.bulk_create([Tag(slug=s) for s in slugs if s not in existing_tags])
    tag_ids = dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "pk"))

    existing = {
        q.builtin_key: q for q in Question.objects.filter(builtin_key__in=[q.key for _, q in rows])
    }
    fields = ("text", "category", "source", "is_builtin", "agency")
    new, changed = [], []
    for group, q in rows:
        values = {
            "text": q.text,
            "category": group.category,
            "source": group.source,
            "is_builtin": True,
            "agency": None,
        }
        question = existing.get(q.key)
        if question is None:
            new.append(Question(builtin_key=q.key, **values))
        elif any(getattr(question, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(question, f, v)
            changed.append(question)
    Question.objects.bulk_create(new)
    Question.objects.bulk_update(changed, fields)
    ids = dict(
        Question.objects.filter(builtin_key__in=[q.key for _, q in rows]).values_list(
            "builtin_key", "pk"
        )
    )
    TagLink = Question.tags.through
    StageLink = Question.stages.through
    TagLink.objects.filter(question_id__in=ids.values()).delete()
    StageLink.objects.filter(question_id__in=ids.values()).delete()
    TagLink.objects.bulk_create(
        [
            TagLink(question_id=ids[q.key], tag_id=tag_ids[t])
            for group, q in rows
            for t in dict.fromkeys((*q.tags, *group.tags))
        ]
    )
    StageLink.objects.bulk_create(
        [
            StageLink(question_id=ids[q.key], modelstage_id=stages[ref])
            for group, q in rows
            for ref in dict.fromkeys((*q.stages, *group.stages))
            if ref in stages
        ]
    )
