"""Offices, departments and job titles of the demo company."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

OFFICES: Final[dict[str, str]] = {
    "London": "Europe/London",
    "New York": "America/New_York",
    "San Francisco": "America/Los_Angeles",
    "Berlin": "Europe/Berlin",
    "Bangalore": "Asia/Kolkata",
    "Singapore": "Asia/Singapore",
    "São Paulo": "America/Sao_Paulo",
}
HEADQUARTERS: Final = "London"
CEO_TITLE: Final = "Chief Executive Officer"

# Titles of one job family at levels 1..5; None where the family has no such rung.
Ladder = tuple[str | None, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class Department:
    name: str
    share: int
    """Relative headcount."""
    offices: tuple[tuple[str, int], ...]
    """Offices the department works from, with relative headcount."""
    head_office: str
    head_title: str
    vp_title: str
    manager_titles: tuple[str, str, str]
    """Titles of people managers at levels 3, 4 and 5."""
    areas: tuple[str, ...]
    """Branches such as "Payments", added to managers' titles."""
    families: tuple[tuple[Ladder, int], ...]
    """Job families of individual contributors, with relative headcount."""


def _ladder(base: str, *, junior: str = "", lead: str = "Lead", principal: bool = True) -> Ladder:
    return (
        junior or f"Junior {base}",
        base,
        f"Senior {base}",
        f"{lead} {base}",
        f"Principal {base}" if principal else None,
    )


# fmt: off
DEPARTMENTS: Final[tuple[Department, ...]] = (
    Department(
        name="Engineering",
        share=26,
        offices=(("Bangalore", 30), ("London", 25), ("Berlin", 20), ("San Francisco", 20),
                 ("Singapore", 5)),
        head_office="San Francisco",
        head_title="Chief Technology Officer",
        vp_title="VP Engineering",
        manager_titles=("Engineering Manager", "Senior Engineering Manager",
                        "Director of Engineering"),
        areas=("Platform", "Payments", "Mobile", "Data", "Infrastructure", "Security", "Growth"),
        families=(
            (_ladder("Software Engineer", junior="Graduate Software Engineer", lead="Staff"), 6),
            (_ladder("Data Engineer", lead="Staff"), 2),
            (_ladder("Site Reliability Engineer", lead="Staff"), 1),
            (_ladder("QA Engineer", principal=False), 1),
            (_ladder("Data Scientist", lead="Staff"), 1),
            (_ladder("Product Designer"), 1),
            (_ladder("Security Engineer", lead="Staff"), 1),
        ),
    ),
    Department(
        name="Sales",
        share=17,
        offices=(("New York", 25), ("London", 20), ("Singapore", 13), ("San Francisco", 12),
                 ("São Paulo", 12), ("Berlin", 10), ("Bangalore", 8)),
        head_office="New York",
        head_title="Chief Revenue Officer",
        vp_title="VP Sales",
        manager_titles=("Sales Manager", "Regional Sales Manager", "Sales Director"),
        areas=("Enterprise", "Mid-Market", "EMEA", "Americas", "APAC", "Partnerships"),
        families=(
            (("Associate Account Executive", "Account Executive", "Senior Account Executive",
              "Enterprise Account Executive", "Strategic Account Director"), 4),
            (("Sales Development Representative", "Senior Sales Development Representative",
              None, None, None), 3),
            (_ladder("Solutions Consultant"), 2),
            (_ladder("Sales Operations Analyst", principal=False), 1),
        ),
    ),
    Department(
        name="Customer Success",
        share=14,
        offices=(("Bangalore", 25), ("London", 15), ("New York", 15), ("Singapore", 15),
                 ("São Paulo", 15), ("Berlin", 10), ("San Francisco", 5)),
        head_office="London",
        head_title="Chief Customer Officer",
        vp_title="VP Customer Success",
        manager_titles=("Customer Success Team Lead", "Customer Success Group Manager",
                        "Director of Customer Success"),
        areas=("Support", "Onboarding", "Enterprise Accounts", "Customer Education"),
        families=(
            (("Customer Support Associate", "Customer Support Specialist",
              "Senior Customer Support Specialist", "Lead Support Specialist", None), 4),
            (("Customer Success Associate", "Customer Success Specialist",
              "Senior Customer Success Specialist", "Lead Customer Success Specialist", None), 3),
            (_ladder("Technical Support Engineer"), 2),
            (_ladder("Implementation Consultant"), 2),
        ),
    ),
    Department(
        name="Operations",
        share=11,
        offices=(("Bangalore", 25), ("London", 20), ("New York", 15), ("Berlin", 15),
                 ("São Paulo", 15), ("Singapore", 10)),
        head_office="London",
        head_title="Chief Operating Officer",
        vp_title="VP Operations",
        manager_titles=("Operations Manager", "Senior Operations Manager",
                        "Director of Operations"),
        areas=("Business Operations", "Procurement", "IT", "Workplace", "Supply Chain"),
        families=(
            (_ladder("Operations Analyst"), 3),
            (("Procurement Assistant", "Procurement Specialist", "Senior Procurement Specialist",
              "Lead Buyer", None), 2),
            (_ladder("Business Analyst"), 2),
            (("IT Support Technician", "IT Support Specialist", "Senior IT Support Specialist",
              "Lead Systems Administrator", None), 2),
            (("Facilities Coordinator", "Workplace Specialist", "Senior Workplace Specialist",
              None, None), 1),
        ),
    ),
    Department(
        name="Marketing",
        share=10,
        offices=(("New York", 30), ("London", 25), ("San Francisco", 15), ("Berlin", 10),
                 ("São Paulo", 10), ("Singapore", 10)),
        head_office="New York",
        head_title="Chief Marketing Officer",
        vp_title="VP Marketing",
        manager_titles=("Marketing Manager", "Senior Marketing Manager", "Director of Marketing"),
        areas=("Brand", "Growth", "Product Marketing", "Communications", "Digital"),
        families=(
            (_ladder("Marketing Analyst", principal=False), 2),
            (("Junior Social Media Analyst", "Social Media Specialist",
              "Senior Social Media Specialist", "Lead Social Media Strategist", None), 2),
            (("Junior Content Writer", "Content Marketing Specialist",
              "Senior Content Marketing Specialist", "Lead Content Strategist",
              "Principal Content Strategist"), 2),
            (("Junior Designer", "Brand Designer", "Senior Brand Designer", "Lead Brand Designer",
              "Principal Brand Designer"), 1),
            (("Digital Marketing Assistant", "Digital Marketing Specialist",
              "Senior Digital Marketing Specialist", "Lead Growth Marketer",
              "Principal Growth Marketer"), 2),
            ((None, "Product Marketing Specialist", "Senior Product Marketing Specialist",
              "Lead Product Marketer", "Principal Product Marketer"), 1),
        ),
    ),
    Department(
        name="Finance",
        share=8,
        offices=(("London", 45), ("New York", 25), ("Bangalore", 20), ("Singapore", 10)),
        head_office="London",
        head_title="Chief Financial Officer",
        vp_title="VP Finance",
        manager_titles=("Finance Manager", "Senior Finance Manager", "Finance Director"),
        areas=("FP&A", "Accounting", "Treasury", "Tax"),
        families=(
            (_ladder("Financial Analyst", junior="Graduate Financial Analyst"), 3),
            (_ladder("Accountant", principal=False), 3),
            (("Payroll Assistant", "Payroll Specialist", "Senior Payroll Specialist", None, None),
             1),
            (_ladder("Treasury Analyst", principal=False), 1),
            (("Junior Tax Analyst", "Tax Analyst", "Senior Tax Analyst", "Lead Tax Analyst",
              "Principal Tax Adviser"), 1),
        ),
    ),
    Department(
        name="People & Culture",
        share=7,
        offices=(("London", 35), ("New York", 20), ("Bangalore", 20), ("Berlin", 10),
                 ("Singapore", 8), ("São Paulo", 7)),
        head_office="London",
        head_title="Chief People Officer",
        vp_title="VP People",
        manager_titles=("HR Manager", "Senior HR Manager", "Director of People"),
        areas=("Talent Acquisition", "Learning & Development", "Total Rewards",
               "People Operations"),
        families=(
            (("Recruitment Coordinator", "Recruiter", "Senior Recruiter", "Lead Recruiter",
              None), 3),
            (("People Operations Assistant", "People Partner", "Senior People Partner",
              "Lead People Partner", "Principal People Partner"), 2),
            (("Learning & Development Coordinator", "Learning & Development Specialist",
              "Senior Learning & Development Specialist", "Lead Learning Designer", None), 1),
            (_ladder("People Analyst", principal=False), 1),
            (("HR Systems Assistant", "HR Systems Analyst", "Senior HR Systems Analyst",
              "Lead HR Systems Analyst", None), 1),
            ((None, "Reward Analyst", "Senior Reward Analyst", "Lead Reward Analyst",
              "Principal Reward Partner"), 1),
        ),
    ),
    Department(
        name="Legal",
        share=5,
        offices=(("London", 50), ("New York", 35), ("Singapore", 15)),
        head_office="London",
        head_title="General Counsel",
        vp_title="VP Legal",
        manager_titles=("Legal Manager", "Associate General Counsel", "Deputy General Counsel"),
        areas=("Commercial", "Privacy", "Compliance", "Corporate"),
        families=(
            (("Legal Assistant", "Paralegal", "Senior Paralegal", "Lead Paralegal", None), 2),
            (("Trainee Legal Counsel", "Legal Counsel", "Senior Legal Counsel",
              "Lead Legal Counsel", "Principal Legal Counsel"), 3),
            (_ladder("Compliance Analyst", principal=False), 2),
            (("Junior Privacy Analyst", "Privacy Analyst", "Senior Privacy Counsel",
              "Lead Privacy Counsel", "Principal Privacy Counsel"), 1),
        ),
    ),
)
# fmt: on
DEPARTMENT_NAMES: Final = tuple(department.name for department in DEPARTMENTS)
