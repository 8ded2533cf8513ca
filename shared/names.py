"""How people are named to each other."""


def display_name(first_name, last_name):
    """How others see a person before both consented: first name and initial ("Claire M.")."""
    initial = last_name.strip()[:1].upper()
    return f"{first_name.strip()} {initial}." if initial else first_name.strip()
