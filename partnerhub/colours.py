"""Branding colours (issue 16, PH-6): a partner's accent as CSS variables for light and dark, with
the text drawn on it chosen for contrast (WCAG AA). Used by Control Hub's cobranding, the
sign-in page and the emails."""

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
CANVAS = {"light": "#f7f8fa", "dark": "#10151b"}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on_colour(background: str) -> str:
    """White or near-black text, whichever reads better on the background."""
    return (
        "#ffffff"
        if contrast(background, "#ffffff") >= contrast(background, "#111418")
        else "#111418"
    )


def _rgb(hex_colour: str) -> str:
    return ", ".join(str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))


def theme_css(light: str, dark: str) -> str:
    rules = []
    for scheme, accent in (("light", light), ("dark", dark)):
        if not HEX.match(accent or ""):
            continue
        declarations = [
            f"--portal-accent: {accent}",
            f"--portal-accent-rgb: {_rgb(accent)}",
            f"--portal-accent-contrast: {on_colour(accent)}",
        ]
        if (
            contrast(accent, CANVAS[scheme]) >= 4.5
            and contrast(accent, "#ffffff" if scheme == "light" else "#1b222b") >= 4.5
        ):
            declarations += [f"--bs-link-color: {accent}", f"--bs-link-color-rgb: {_rgb(accent)}"]
        rules.append(f'[data-bs-theme="{scheme}"] {{ {"; ".join(declarations)}; }}')
    return "\n".join(rules)
