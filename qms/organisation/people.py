"""How a person is named on screens, records and history trails."""


def person_name(user, *, nobody: str = "—") -> str:
    """Vietnamese order: family and middle names, then the given name.

    ``User.get_full_name`` puts the given name first ("Hà Vũ Thu"); a
    Vietnamese record writes "Vũ Thu Hà". ``nobody`` names a missing user
    (a history row written by a command says "hệ thống").
    """
    if user is None:
        return nobody
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.username
