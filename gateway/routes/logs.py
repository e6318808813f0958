"""The logs: one row per endpoint (see gateway/endpoints.py for the calling convention)."""

from services.logs.contracts import CreateLogIn, LogOut

from ..endpoints import Route

CHILD = {"pid": "07451651190", "name": "Ola Nordmann"}
GUARDIAN = {"pid": "09428340024", "name": "Gro Foresatt", "email": "gro.foresatt@example.no"}
LOG_ID = "5f0c3a1e9b2d4c7a8e6f1b3d5a7c9e0f"
LOG = {
    "id": LOG_ID,
    "unit_id": "solsiden-skole",
    "level": 1,
    "status": "active",
    "lacks_consent": False,
    "consent_id": "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
    "created_at": "2026-01-05T09:30:00+00:00",
    "child": CHILD
    | {
        "id_kind": "national_id",
        "birth_date": "2016-05-07",
        "email": None,
        "phone": None,
        "address": {"street": "Solveien 3", "postcode": "1430", "city": "Ås"},
        "address_protected": False,
        "attends_unit": {"id": "solsiden-skole", "name": "Solsiden skole"},
        "own_login": False,
    },
    "guardians": [
        {
            "id": "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
            "name": GUARDIAN["name"],
            "email": GUARDIAN["email"],
            "phone": None,
            "address": None,
            "address_protected": True,
        }
    ],
    "earlier_log_ids": [],
    "holder": {"name": "Hanne Holder"},
    "your_roles": ["holder"],
}

ROUTES = (
    Route(
        "POST",
        "/logs",
        rpc="logs.create_log",
        summary="Create a log for a child; refused without consent (R30)",
        tag="logs",
        body=CreateLogIn,
        out=LogOut,
        status=201,
        errors=(404, 409),
        rules=(
            "log.guardians_required",
            "log.guardian_duplicate",
            "log.guardian_is_child",
            "child.birth_date_required",
            "child.birth_date_mismatch",
            "address.protected",
            "unit.not_found",
            "log.link_unknown",
            "log.link_duplicate",
        ),
        location="/api/v1/logs/{id}",
        links={"log_id": "$response.body#/id"},
        example={
            "unit_id": "solsiden-skole",
            "consent_id": LOG["consent_id"],
            "child": CHILD
            | {
                "address": {"street": "Solveien 3", "postcode": "1430", "city": "Ås"},
                "attends_unit_id": "solsiden-skole",
            },
            "guardians": [GUARDIAN | {"address_protection": "strictly_confidential"}],
            "level": 1,
        },
        out_example=LOG,
    ),
    Route(
        "GET",
        "/logs/{log_id}",
        rpc="logs.get_log",
        summary="Read a log (every read is recorded, R8)",
        tag="logs",
        out=LogOut,
        errors=(409,),
        out_example=LOG,
    ),
)
