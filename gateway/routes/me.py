"""Who you are: one row per endpoint (see gateway/endpoints.py for the calling convention)."""

from flask import g
from marshmallow import Schema, fields

from services.logs.contracts import PreferencesIn, PreferencesOut, StaffMemberOut

from ..endpoints import Route


class MeOut(Schema):
    subject = fields.String(metadata={"description": "the token's subject"})
    acr = fields.String(allow_none=True, metadata={"description": "the login's assurance level"})
    staff = fields.Nested(
        StaffMemberOut,
        allow_none=True,
        metadata={"description": "what the directory says of you; null if you are not staff"},
    )


def me(rpc) -> dict:
    """logs.staff_member takes the person to look up: here always the caller."""
    return {"subject": g.auth.subject, "acr": g.auth.acr, "staff": rpc(g.auth.pid)}


ROUTES = (
    Route(
        "GET",
        "/me",
        rpc="logs.staff_member",
        summary="Who the gateway thinks you are, and what the directory says of you",
        tag="me",
        out=MeOut,
        view=me,
        out_example={
            "subject": "holder",
            "acr": "idporten-loa-high",
            "staff": {
                "pid": "04518520003",
                "name": "Hanne Holder",
                "unit_id": "solsiden-skole",
                "can_hold": True,
                "can_act": True,
                "is_leader": False,
            },
        },
    ),
    Route(
        "GET",
        "/me/preferences",
        rpc="logs.preferences",
        summary="How you are told of meetings, deadlines and highlights (R60)",
        tag="me",
        out=PreferencesOut,
        out_example={
            "channels": ["email"],
            "language": "nb",
            "email": None,
            "phone": None,
            "stored": False,
        },
    ),
    Route(
        "PUT",
        "/me/preferences",
        rpc="logs.set_preferences",
        summary="Choose e-mail, SMS or both, and the language (nb, nn, en) (R60)",
        tag="me",
        body=PreferencesIn,
        out=PreferencesOut,
        rules=("preferences.channel_twice", "preferences.phone_required"),
        example={"channels": ["email", "sms"], "language": "nn", "phone": "+4791234567"},
        out_example={
            "channels": ["email", "sms"],
            "language": "nn",
            "email": None,
            "phone": "+4791234567",
            "stored": True,
        },
    ),
)
