# ruff: noqa: E501  (prose: one paragraph per line, so it renders as written)
"""Text every template shares: the rules of the road and the core of each guide.

The literature agrees on why reverse mentoring fails: the senior person treats
it as a favour, the junior person has no structure, and neither trusts that
what is said stays in the room. The agreement and guides address exactly that.
"""

from __future__ import annotations

AGREEMENT_CORE = """\
Rules of the road for {program}

1. Why we meet. The mentor (the more junior of us) teaches; the mentee (the more senior) learns. We are both here to learn, and we both say what we want from the partnership at the first session.
2. How often. We meet {cadence}, for {session_minutes} minutes, from {starts_on} to {ends_on}. The mentee protects the time in their calendar as they would for a customer; if a session must move, whoever moves it proposes a new time within a week.
3. Confidentiality. What either of us shares in a session stays between us, unless we both agree otherwise. The one exception is a risk to someone's safety or a breach of the law, which either of us may take to the program lead.
4. Psychological safety. There are no stupid questions, in either direction. The mentor may challenge the mentee; the mentee may not use anything said here in any assessment, promotion or reporting-line decision about the mentor.
5. Off-limits topics. Either of us may mark a topic off-limits at any time, without giving a reason. We agree our own list at the first session.
6. Preparation. The mentor brings an outline for each session (the program's agendas are a good start); the mentee brings one real situation from their own work to try things on.
7. Ending. Either of us may end the partnership at any time by telling the program manager, with no fault and no explanation owed to the other.
"""

MENTOR_GUIDE_CORE = """\
What you bring is not seniority but a view senior leaders cannot get from their own desk. Since Jack Welch asked around 500 of GE's top executives to find a younger mentor in 1999, programs from The Hartford to PwC have found the same thing: reverse mentoring works when the junior mentor has a plan and the senior mentee has permission to be a beginner.

Before your first session:
- Read the rules of the road and note any topic you want off-limits.
- Pick the agenda you will use and adapt it; a plan makes a 45-minute session feel short, not awkward.
- Prepare one concrete thing to show (a tool, a post, a story), not a lecture.

In each session:
- Start with what your mentee tried since last time. Learning sticks through practice between sessions.
- Ask before you explain: "How do you do this today?" tells you where to start.
- Be candid. You were chosen because you see things differently; softening everything wastes the hour.
- Keep what you hear confidential, and expect the same in return. Nothing you say may be used in your assessment.

After each session, take the one-minute private check-in. If something feels wrong (pressure, inappropriate requests, a partner who keeps cancelling), raise a confidential concern: it goes to a neutral program lead, never to your partner or your manager.
"""

MENTEE_GUIDE_CORE = """\
Your mentor is more junior than you, and that is the point. Reverse mentoring gives a leader direct, unfiltered access to skills and experiences that rarely travel up the hierarchy. It only works if you set rank aside for the hour.

Before your first session:
- Read the rules of the road. Confidentiality and a no-fault exit protect your mentor more than you; honour them visibly.
- Write down two or three things you genuinely want to learn, and one real situation from your work you will bring.
- Block the whole series of sessions in your calendar now. Cancelled sessions are the first reason these partnerships fail, and each cancellation tells your mentor where they rank.

In each session:
- Let your mentor lead the agenda. Resist the urge to turn the hour into career advice for them unless they ask.
- Try things, in the session, on your own device. Watching is not learning.
- Ask "what would you do?" and listen to the answer without defending your current practice.
- Never use what your mentor tells you in any decision about them or their team.

Between sessions, practise one thing and report back. At the end, you will be asked what you now do differently: the best programs can name a concrete change for every mentee.
"""
