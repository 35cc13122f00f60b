"""How a person is named on inspection screens and records."""


def person_name(user) -> str:
    """Vietnamese order: family and middle names, then the given name.

    ``User.get_full_name`` puts the given name first ("Hà Vũ Thu"); a
    Vietnamese record writes "Vũ Thu Hà".
    """
    if user is None:
        return "—"
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.username
