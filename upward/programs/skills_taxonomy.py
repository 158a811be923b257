"""The skills taxonomy Upward starts with: what junior mentors teach and senior mentees learn.

Plain data, seeded by `skills_seed()` (after migrations, by `manage.py seed_skills`
and by the demo). Managers add their own skills on top; seeding never removes or
renames them. Keywords are search synonyms for the skill picker.

Each entry is (family name, family slug, [(skill name, skill slug, keywords), ...]).
"""

from __future__ import annotations

SkillEntry = tuple[str, str, str]
FamilyEntry = tuple[str, str, list[SkillEntry]]

TAXONOMY: list[FamilyEntry] = [
    (
        "Social media",
        "social-media",
        [
            ("LinkedIn", "linkedin", "professional network posts profile"),
            ("Instagram", "instagram", "reels stories photos"),
            ("TikTok", "tiktok", "short video trends"),
            ("YouTube", "youtube", "video channel shorts"),
            ("X (Twitter)", "x-twitter", "twitter tweets threads"),
            ("Social media strategy", "social-media-strategy", "content calendar audience"),
            ("Online communities", "online-communities", "reddit discord forums"),
        ],
    ),
    (
        "Generative AI tools",
        "generative-ai",
        [
            ("ChatGPT and chat assistants", "chat-assistants", "chatgpt claude gemini copilot llm"),
            ("Prompt writing", "prompt-writing", "prompting prompt engineering"),
            ("AI for documents and slides", "ai-documents", "copilot office summarise"),
            ("AI image and video tools", "ai-images", "midjourney dall-e image generation"),
            (
                "Using AI safely and responsibly",
                "responsible-ai",
                "risk privacy bias hallucination",
            ),
            ("Automating routine work with AI", "ai-automation", "agents workflows zapier"),
        ],
    ),
    (
        "Collaboration tools",
        "collaboration-tools",
        [
            ("Microsoft Teams", "microsoft-teams", "teams chat channels"),
            ("Slack", "slack", "chat channels huddles"),
            ("Shared documents", "shared-documents", "google docs onedrive sharepoint"),
            ("Whiteboards", "whiteboards", "miro mural figjam"),
            ("Project boards", "project-boards", "trello asana jira kanban"),
            ("Note-taking apps", "note-taking", "notion onenote obsidian"),
        ],
    ),
    (
        "Data literacy",
        "data-literacy",
        [
            ("Reading dashboards", "reading-dashboards", "power bi tableau looker kpi"),
            ("Spreadsheet skills", "spreadsheets", "excel google sheets formulas pivot"),
            ("Asking good questions of data", "data-questions", "analysis metrics"),
            ("Data visualisation", "data-visualisation", "charts storytelling"),
            ("Data privacy basics", "data-privacy", "gdpr personal data"),
        ],
    ),
    (
        "Personal branding",
        "personal-branding",
        [
            ("Building an online presence", "online-presence", "profile visibility"),
            ("Writing for the web", "writing-for-web", "posts blogs copywriting"),
            ("Thought leadership", "thought-leadership", "articles speaking newsletter"),
            ("Video and podcast presence", "video-presence", "podcast camera recording"),
            ("Networking online", "networking-online", "connections outreach"),
        ],
    ),
    (
        "Gen Z and millennial perspectives",
        "generational-perspectives",
        [
            (
                "What younger colleagues expect from work",
                "younger-expectations",
                "gen z millennial",
            ),
            ("Purpose and values at work", "purpose-values", "meaning sustainability"),
            ("Feedback and recognition", "feedback-recognition", "feedback praise"),
            ("Career paths and mobility", "career-paths", "growth promotion job hopping"),
            ("Wellbeing and mental health", "wellbeing", "burnout balance stress"),
            ("Digital native habits", "digital-native-habits", "mobile first apps"),
        ],
    ),
    (
        "Inclusion",
        "inclusion",
        [
            ("Inclusive leadership", "inclusive-leadership", "belonging psychological safety"),
            ("Everyday bias", "everyday-bias", "unconscious bias microaggressions"),
            ("Inclusive language", "inclusive-language", "pronouns wording"),
            ("Accessibility", "accessibility", "disability assistive technology a11y"),
            ("Neurodiversity", "neurodiversity", "adhd autism dyslexia"),
            ("Allyship", "allyship", "ally sponsor advocate"),
            ("Lived experience of under-represented colleagues", "lived-experience", "minority"),
        ],
    ),
    (
        "Remote and hybrid work",
        "remote-hybrid-work",
        [
            ("Running good online meetings", "online-meetings", "zoom video calls facilitation"),
            ("Asynchronous communication", "async-communication", "async written updates"),
            ("Leading hybrid teams", "hybrid-teams", "distributed team office days"),
            ("Focus and digital wellbeing", "digital-wellbeing", "notifications focus time"),
            ("Onboarding remotely", "remote-onboarding", "new joiners"),
        ],
    ),
    (
        "Digital workplace basics",
        "digital-basics",
        [
            ("Cybersecurity habits", "cybersecurity", "phishing passwords mfa"),
            ("Mobile productivity", "mobile-productivity", "phone apps"),
            ("Keyboard shortcuts and power-user tips", "power-user-tips", "shortcuts efficiency"),
            ("E-commerce and digital customers", "digital-customers", "online shopping apps ux"),
            ("No-code and low-code tools", "no-code", "power automate airtable apps"),
        ],
    ),
    (
        "Culture and ways of working",
        "culture",
        [
            ("Culture as new joiners see it", "new-joiner-view", "first impressions onboarding"),
            ("Speaking up and challenge", "speaking-up", "voice candour"),
            ("Agile ways of working", "agile", "scrum sprints iteration"),
            ("Innovation and experimentation", "innovation", "ideas test and learn"),
            ("Sustainability at work", "sustainability", "climate esg green"),
        ],
    ),
]
