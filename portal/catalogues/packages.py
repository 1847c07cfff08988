"""Wholesale packages and add-ons (FEATURES PV-5; seed 001 "Package Offers").

Every subscriber holds exactly one base package. Add-ons depend on base packages as the
Webex wholesale API documents them.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Package(StrEnum):
    COMMON_AREA_CALLING = "common_area_calling"
    WEBEX_VOICE = "webex_voice"
    WEBEX_CALLING_STANDARD = "webex_calling_standard"
    WEBEX_CALLING = "webex_calling"
    WEBEX_MEETINGS = "webex_meetings"
    CX_ESSENTIALS = "cx_essentials"
    WEBEX_SUITE = "webex_suite"
    # Add-ons and contact-center packages the customer API also accepts
    CISCO_CALLING_PLAN = "cisco_calling_plan"
    ATTENDANT_CONSOLE = "attendant_console"
    CX_PREMIUM_AGENT = "cx_premium_agent"
    CX_STANDARD_AGENT = "cx_standard_agent"
    CX_VOICE_PORTS = "cx_voice_ports"
    CX_AI_ASSISTANT = "cx_ai_assistant"
    WEBEX_AI_AGENT = "webex_ai_agent"

    @property
    def info(self) -> "PackageInfo":
        return CATALOGUE[self]

    @property
    def label(self) -> str:
        return CATALOGUE[self].label


@dataclass(frozen=True)
class PackageInfo:
    label: str
    #: Upgrade/downgrade order among base packages; 0 for add-ons.
    level: int
    calling: bool = False
    meetings: bool = False
    addon: bool = False
    #: A subscriber (user) may hold it; common area calling is for workspaces and devices.
    for_subscribers: bool = True
    #: A workspace may hold it (seed 001 "Common Area": hallway phones, door phones, simple
    #: retail stations; a workspace needing more calling features takes Webex Calling).
    for_workspaces: bool = False
    #: Add-ons: at least one of these must be present too.
    requires_any: frozenset = field(default_factory=frozenset)


_CALLING_BASES = frozenset(
    {
        "common_area_calling",
        "webex_calling",
        "webex_suite",
        "webex_voice",
        "cx_essentials",
        "webex_calling_standard",
    }
)

CATALOGUE: dict[Package, PackageInfo] = {
    Package.COMMON_AREA_CALLING: PackageInfo(
        "Common Area Calling", level=10, calling=True, for_subscribers=False, for_workspaces=True
    ),
    Package.WEBEX_VOICE: PackageInfo("Webex Voice", level=20, calling=True),
    Package.WEBEX_MEETINGS: PackageInfo("Webex Meetings", level=20, meetings=True),
    Package.WEBEX_CALLING_STANDARD: PackageInfo("Webex Calling Standard", level=25, calling=True),
    Package.WEBEX_CALLING: PackageInfo(
        "Webex Calling", level=30, calling=True, meetings=True, for_workspaces=True
    ),
    Package.CX_ESSENTIALS: PackageInfo(
        "Customer Experience Essentials", level=40, calling=True, meetings=True
    ),
    Package.WEBEX_SUITE: PackageInfo("Webex Suite", level=50, calling=True, meetings=True),
    Package.CISCO_CALLING_PLAN: PackageInfo(
        "Cisco Calling Plan",
        level=0,
        addon=True,
        for_subscribers=False,
        requires_any=_CALLING_BASES,
    ),
    Package.ATTENDANT_CONSOLE: PackageInfo(
        "Attendant Console",
        level=0,
        addon=True,
        requires_any=frozenset({"webex_calling", "webex_suite", "cx_essentials"}),
    ),
    Package.CX_PREMIUM_AGENT: PackageInfo("Contact Center Premium Agent", level=0, addon=True),
    Package.CX_STANDARD_AGENT: PackageInfo("Contact Center Standard Agent", level=0, addon=True),
    Package.CX_VOICE_PORTS: PackageInfo(
        "Contact Center Voice Ports", level=0, addon=True, for_subscribers=False
    ),
    Package.CX_AI_ASSISTANT: PackageInfo(
        "Contact Center AI Assistant", level=0, addon=True, for_subscribers=False
    ),
    Package.WEBEX_AI_AGENT: PackageInfo(
        "Webex AI Agent", level=0, addon=True, for_subscribers=False
    ),
}

BASE_PACKAGES = tuple(p for p in Package if not p.info.addon)
SUBSCRIBER_PACKAGES = tuple(p for p in BASE_PACKAGES if p.info.for_subscribers)
WORKSPACE_PACKAGES = tuple(p for p in BASE_PACKAGES if p.info.for_workspaces)
CALLING_PACKAGES = frozenset(p for p in Package if p.info.calling)
MEETINGS_PACKAGES = frozenset(p for p in Package if p.info.meetings)
#: Moving a user to one of these asks for the calling number (seed 001 "Change User Package").
ASKS_FOR_CALLING_NUMBER = frozenset({Package.WEBEX_CALLING, Package.WEBEX_SUITE})
CHOICES = [(p.value, p.label) for p in Package]
BASE_CHOICES = [(p.value, p.label) for p in BASE_PACKAGES]
SUBSCRIBER_CHOICES = [(p.value, p.label) for p in SUBSCRIBER_PACKAGES]
WORKSPACE_CHOICES = [(p.value, p.label) for p in WORKSPACE_PACKAGES]


def parse(name: str) -> Package:
    """The package called `name`, or ValueError with the accepted names."""
    try:
        return Package(name)
    except ValueError:
        raise ValueError(
            f"Unknown package '{name}'. Accepted: {', '.join(p.value for p in Package)}."
        ) from None


def needs_calling_number(package) -> bool:
    """Seed 001: a user on a calling package needs a primary phone number, an extension, or
    both. The one home of that rule (controlhub.services.subscribers.check_calling_number
    enforces it; forms ask for a number where this says so). Unknown names need none."""
    try:
        return Package(package) in CALLING_PACKAGES
    except ValueError:
        return False


def dependency_errors(packages) -> list[str]:
    """Add-ons listed without a base package they depend on, as readable messages."""
    names = {str(p) for p in packages}
    errors = []
    for package in map(Package, names):
        needed = package.info.requires_any
        if needed and not names & needed:
            errors.append(f"{package.value} is dependent on one of: {', '.join(sorted(needed))}.")
    return errors


def level(package) -> int:
    return Package(package).info.level


def highest(packages) -> Package | None:
    """The customer's package level: its highest base package a user can hold."""
    candidates = [Package(p) for p in packages if Package(p) in SUBSCRIBER_PACKAGES]
    return max(candidates, key=level, default=None)


def is_downgrade(current, new) -> bool:
    return level(new) < level(current)
