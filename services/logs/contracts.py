"""What crosses the logs service's boundary: RPC payloads in and out, and its events.

The one module of this service other code may import; it imports only marshmallow and
``services.common``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.common.fields import NationalId, PersonId

KINDS = ("kindergarten", "school", "health_station", "ppt", "child_welfare", "other")


# R9 fortrolig / strengt fortrolig adresse in the national registry
PROTECTIONS = ("none", "confidential", "strictly_confidential")
LANGUAGES = ("nb", "nn", "en")
CHANNELS = ("email", "sms")
PHONE = validate.Regexp(
    r"^\+?[0-9]{8,15}$", error="a phone number: 8 to 15 digits, optionally after a +"
)


class AddressIn(Schema):
    street = fields.String(required=True, validate=validate.Length(min=1, max=200))
    postcode = fields.String(
        required=True, validate=validate.Regexp(r"^[0-9]{4}$", error="four digits")
    )
    city = fields.String(required=True, validate=validate.Length(min=1, max=100))


class AddressOut(Schema):
    street = fields.String()
    postcode = fields.String()
    city = fields.String()


ADDRESS_DOC = {
    "description": "left out (or null) when the address is protected: R9 keeps only the mark"
}
PROTECTION_DOC = {
    "description": "R9 confidential (fortrolig) or strictly confidential (strengt fortrolig):"
    " the address is then never recorded"
}


class _ContactIn(Schema):
    """Phone and address of a child or guardian, as a new log takes them (R9)."""

    phone = fields.String(load_default=None, allow_none=True, validate=PHONE)
    address = fields.Nested(AddressIn, load_default=None, allow_none=True, metadata=ADDRESS_DOC)
    address_protection = fields.String(
        load_default="none", validate=validate.OneOf(PROTECTIONS), metadata=PROTECTION_DOC
    )


class _ContactChangeIn(Schema):
    """The same, as a change: a field left out stays as it is."""

    phone = fields.String(allow_none=True, validate=PHONE)
    address = fields.Nested(AddressIn, allow_none=True, metadata=ADDRESS_DOC)
    address_protection = fields.String(
        validate=validate.OneOf(PROTECTIONS), metadata=PROTECTION_DOC
    )


class GuardianIn(_ContactIn):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ChildIn(_ContactIn):
    pid = PersonId(
        required=True,
        metadata={"description": "fødselsnummer, D-nummer or DUF number (12 digits)"},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    birth_date = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "required with a DUF number, which carries none"},
    )
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    attends_unit_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "the kindergarten or school the child attends"},
    )


class CreateLogIn(Schema):
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    consent_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    child = fields.Nested(ChildIn, required=True)
    guardians = fields.List(
        fields.Nested(GuardianIn), load_default=list, validate=validate.Length(max=10)
    )
    level = fields.Integer(load_default=1, validate=validate.OneOf([1, 2, 3]))
    earlier_log_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "R42 earlier, passive logs of the same child to link to"},
    )


class ChildChangeIn(_ContactChangeIn):
    """What the holder may change about the child; a field left out stays as it is."""

    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    attends_unit_id = fields.String(allow_none=True, validate=validate.Length(min=1, max=64))
    own_login = fields.Boolean(
        metadata={"description": "R5 the young person's own login before 16, by decision"}
    )


class GuardianChangeIn(_ContactChangeIn):
    name = fields.String(validate=validate.Length(min=1, max=200))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))


class GuardianOut(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.Nested(AddressOut, allow_none=True, metadata=ADDRESS_DOC)
    address_protected = fields.Boolean()


class ChildOut(Schema):
    pid = fields.String(metadata={"description": "fødselsnummer, D-nummer or DUF number"})
    id_kind = fields.String(metadata={"description": "national_id or duf"})
    name = fields.String()
    birth_date = fields.Date()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.Nested(AddressOut, allow_none=True, metadata=ADDRESS_DOC)
    address_protected = fields.Boolean()
    attends_unit = fields.Dict(allow_none=True, metadata={"description": "id and name"})
    own_login = fields.Boolean()


class LinkIn(Schema):
    earlier_log_id = fields.String(required=True, validate=validate.Length(min=1, max=32))


class EarlierLogOut(Schema):
    id = fields.String()
    unit_name = fields.String()
    status = fields.String()
    created_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    linked = fields.Boolean()


class EarlierLogList(Schema):
    items = fields.List(fields.Nested(EarlierLogOut))


class PreferencesIn(Schema):
    """R60 how I want to be told, in every log I am in."""

    channels = fields.List(
        fields.String(validate=validate.OneOf(CHANNELS)),
        required=True,
        validate=validate.Length(min=1, max=2),
    )
    language = fields.String(load_default="nb", validate=validate.OneOf(LANGUAGES))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(load_default=None, allow_none=True, validate=PHONE)


class PreferencesOut(Schema):
    channels = fields.List(fields.String())
    language = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    stored = fields.Boolean(metadata={"description": "false: the defaults, nothing chosen yet"})


class SearchIn(Schema):
    """A search in the body, so a national id never is in a URL or an access log line."""

    query = fields.String(
        required=True,
        validate=validate.Length(min=2, max=200),
        metadata={"description": "part of the child's name, or a whole national id/DUF number"},
    )
    status = fields.String(validate=validate.OneOf(["active", "passive"]))
    level = fields.Integer(validate=validate.OneOf([1, 2, 3]))
    after = fields.String(validate=validate.Length(min=1, max=64))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class UnitIn(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))


class EmployeeIn(Schema):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True)
    unit_id = fields.String(required=True)
    can_hold = fields.Boolean(load_default=False)
    can_act = fields.Boolean(load_default=False)
    is_leader = fields.Boolean(load_default=False)
    is_super_user = fields.Boolean(load_default=False)


class DirectoryIn(Schema):
    units = fields.List(fields.Nested(UnitIn), load_default=list)
    employees = fields.List(fields.Nested(EmployeeIn), load_default=list)


# -- the plan's payloads (R10–R20)

CATEGORIES = (
    "motor_skills",
    "language",
    "reading_and_learning",
    "behaviour",
    "school_absence",
    "wellbeing",
    "education_act_9a",
    "health",
    "other",
)
ARENAS = ("service", "home", "child")
VERDICTS = ("worked", "partly", "did_not_work")
NOTE_VISIBILITY = ("log", "concern", "family_and_holder")
SHORT = validate.Length(min=1, max=2000)
LONG = validate.Length(min=1, max=20000)


class Hint(Schema):
    code = fields.String()
    field = fields.String()
    excerpt = fields.String()
    start = fields.Integer()
    message = fields.String()


class Warning(Schema):
    code = fields.String()
    message = fields.String()
    field = fields.String(allow_none=True)


class FactorsIn(Schema):
    services = fields.String(load_default="", validate=validate.Length(max=4000))
    child = fields.String(load_default="", validate=validate.Length(max=4000))
    home = fields.String(load_default="", validate=validate.Length(max=4000))
    child_voice = fields.String(load_default="", validate=validate.Length(max=4000))


class RegisterConcernIn(Schema):
    template_id = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "set by the service when started from a template"},
    )
    description = fields.String(required=True, validate=SHORT)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    goal = fields.String(required=True, validate=SHORT)
    success_criteria = fields.String(load_default="", validate=validate.Length(max=2000))
    factors = fields.Nested(FactorsIn, load_default=dict)
    discussed_with_leader = fields.Boolean(load_default=False)
    discussed_with_guardians = fields.Boolean(load_default=False)
    discussed_with_child = fields.Boolean(load_default=False)


class ReviseConcernIn(Schema):
    description = fields.String(validate=SHORT)
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    goal = fields.String(validate=SHORT)
    success_criteria = fields.String(validate=validate.Length(max=2000))
    factors = fields.Nested(FactorsIn)
    discussed_with_leader = fields.Boolean()
    discussed_with_guardians = fields.Boolean()
    discussed_with_child = fields.Boolean()
    status = fields.String(validate=validate.OneOf(["closed"]))


class ConcernOut(Schema):
    id = fields.String()
    description = fields.String()
    category = fields.String()
    goal = fields.String()
    success_criteria = fields.String()
    factors = fields.Dict()
    registered_on = fields.Date()
    discussed_with_leader = fields.Boolean()
    discussed_with_guardians = fields.Boolean()
    discussed_with_child = fields.Boolean()
    status = fields.String()
    warnings = fields.List(fields.Nested(Warning))
    hints = fields.List(fields.Nested(Hint))
    suggested_measures = fields.List(fields.Dict(), metadata={"description": "from a template"})


class PlanMeasureIn(Schema):
    text = fields.String(required=True, validate=SHORT)
    arena = fields.String(required=True, validate=validate.OneOf(ARENAS))
    actor_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "the employee for a service measure (R11); none at home"},
    )
    starts_on = fields.Date(load_default=None, allow_none=True)
    deadline = fields.Date(load_default=None, allow_none=True)
    practical = fields.Boolean(load_default=False, metadata={"description": "R13: 2–3 weeks"})


class ReviseMeasureIn(Schema):
    text = fields.String(required=True, validate=SHORT)


class EvaluationIn(Schema):
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    comment = fields.String(load_default="", validate=validate.Length(max=4000))


class MisregistrationIn(Schema):
    replacement = fields.Nested(PlanMeasureIn, required=True)


class MeasureOut(Schema):
    id = fields.String()
    concern_id = fields.String()
    text = fields.String()
    arena = fields.String()
    actor = fields.Dict(metadata={"description": "kind and name of who answers for it"})
    starts_on = fields.Date()
    deadline = fields.Date()
    practical = fields.Boolean()
    status = fields.String()
    text_editable_until = fields.DateTime()
    verdict = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    evaluated_at = fields.DateTime(allow_none=True)
    family_verdict = fields.String(allow_none=True)
    family_comment = fields.String(allow_none=True)
    replaces_id = fields.String(allow_none=True)
    replaced_by_id = fields.String(allow_none=True)
    warnings = fields.List(fields.Nested(Warning))
    hints = fields.List(fields.Nested(Hint))


class ParticipantIn(Schema):
    kind = fields.String(
        required=True, validate=validate.OneOf(["employee", "guardian", "child", "other"])
    )
    employee_id = fields.String(load_default=None, allow_none=True)
    name = fields.String(load_default="", validate=validate.Length(max=200))


class MeetingIn(Schema):
    starts_at = fields.AwareDateTime(required=True)
    place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    participants = fields.List(
        fields.Nested(ParticipantIn), load_default=list, validate=validate.Length(max=30)
    )
    agenda = fields.String(load_default="", validate=validate.Length(max=4000))


class MeetingRevisionIn(Schema):
    starts_at = fields.AwareDateTime()
    place = fields.String(validate=validate.Length(min=1, max=200))
    participants = fields.List(fields.Nested(ParticipantIn), validate=validate.Length(max=30))
    agenda = fields.String(validate=validate.Length(max=4000))
    status = fields.String(validate=validate.OneOf(["cancelled"]))


class MinutesIn(Schema):
    minutes = fields.String(required=True, validate=LONG)
    evaluation = fields.String(load_default="", validate=validate.Length(max=4000))


class MeetingOut(Schema):
    id = fields.String()
    starts_at = fields.DateTime()
    place = fields.String()
    participants = fields.List(fields.Dict())
    agenda = fields.String()
    minutes = fields.String()
    evaluation = fields.String()
    status = fields.String()
    hints = fields.List(fields.Nested(Hint))


class TextIn(Schema):
    text = fields.String(required=True, validate=SHORT)


class NoteIn(Schema):
    text = fields.String(required=True, validate=LONG)
    concern_id = fields.String(load_default=None, allow_none=True)
    visibility = fields.String(load_default="log", validate=validate.OneOf(NOTE_VISIBILITY))


class HighlightOut(Schema):
    id = fields.String()
    text = fields.String()
    author = fields.String()
    author_role = fields.String()
    posted_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    yours = fields.Boolean()


class NoteOut(Schema):
    id = fields.String()
    text = fields.String()
    written_at = fields.DateTime()
    concern_id = fields.String(allow_none=True)
    visibility = fields.String()
    attachment = fields.Dict(allow_none=True)
    hints = fields.List(fields.Nested(Hint))


class PrivateNoteOut(Schema):
    id = fields.String()
    text = fields.String()
    written_at = fields.DateTime()


class LevelIn(Schema):
    level = fields.Integer(required=True, validate=validate.OneOf([1, 2, 3]))


class ActorIn(Schema):
    employee_id = fields.String(required=True, validate=validate.Length(min=1, max=32))


class ActorOut(Schema):
    id = fields.String()
    employee_id = fields.String()
    name = fields.String()
    unit_id = fields.String()
    added_at = fields.DateTime()


class GrantIn(Schema):
    """R4: both lists empty means the whole log."""

    pid = NationalId(required=True, metadata={"description": "who may read"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    concern_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        load_default=list,
        validate=validate.Length(max=50),
    )
    categories = fields.List(
        fields.String(validate=validate.OneOf(CATEGORIES)),
        load_default=list,
        validate=validate.Length(max=len(CATEGORIES)),
    )
    with_history = fields.Boolean(load_default=False)
    expires_on = fields.Date(load_default=None, allow_none=True)


class GrantOut(Schema):
    id = fields.String()
    name = fields.String()
    concern_ids = fields.List(fields.String(), allow_none=True)
    categories = fields.List(fields.String(), allow_none=True)
    with_history = fields.Boolean()
    expires_on = fields.Date(allow_none=True)
    given_at = fields.DateTime()


class StaffIn(Schema):
    """R6 the unit leader adds an employee and marks them as holder and/or actor."""

    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    can_hold = fields.Boolean(load_default=False)
    can_act = fields.Boolean(load_default=False)


class StaffChangeIn(Schema):
    can_hold = fields.Boolean()
    can_act = fields.Boolean()
    email = fields.Email(validate=validate.Length(max=254))


class StaffMemberOut(Schema):
    """What ``logs.staff_member`` answers of one employee (services, or the person themself)."""

    pid = fields.String()
    name = fields.String()
    unit_id = fields.String()
    can_hold = fields.Boolean()
    can_act = fields.Boolean()
    is_leader = fields.Boolean()


class StaffOut(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    unit_id = fields.String()
    can_hold = fields.Boolean()
    can_act = fields.Boolean()
    is_leader = fields.Boolean()


class TemplateMeasureIn(Schema):
    text = fields.String(required=True, validate=SHORT)
    arena = fields.String(required=True, validate=validate.OneOf(ARENAS))
    practical = fields.Boolean(load_default=False)


class TemplateIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(required=True, validate=SHORT)
    goal = fields.String(required=True, validate=SHORT)
    success_criteria = fields.String(load_default="", validate=validate.Length(max=2000))
    measures = fields.List(
        fields.Nested(TemplateMeasureIn), load_default=list, validate=validate.Length(max=10)
    )


class TemplateOut(Schema):
    id = fields.String()
    category = fields.String()
    title = fields.String()
    description = fields.String()
    goal = fields.String()
    success_criteria = fields.String()
    measures = fields.List(fields.Dict())
    updated_at = fields.DateTime()


class FromTemplateIn(Schema):
    template_id = fields.String(required=True, validate=validate.Length(min=1, max=32))


class UnitChildrenIn(Schema):
    children = fields.Integer(required=True, validate=validate.Range(min=0, max=100000))


class OverviewOut(Schema):
    unit_id = fields.String()
    logs_by_level = fields.Dict(metadata={"description": "level → count of active logs"})
    logs_by_status = fields.Dict()
    concerns_by_category = fields.Dict()
    measures_active = fields.Integer()
    measures_overdue = fields.Integer()
    deadlines_kept_share = fields.Float(allow_none=True)
    consents_expiring_30_days = fields.Integer()
    children_enrolled = fields.Integer(allow_none=True)
    children_with_log = fields.Integer()
    share_with_log = fields.Float(allow_none=True)


class HistoryEntryOut(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    who = fields.String()
    role = fields.String()
    what = fields.String()
    part = fields.String()
    ref_id = fields.String()


class ReadEntryOut(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    who = fields.String()
    role = fields.String()
    parts = fields.List(fields.String())


class LogSummaryOut(Schema):
    id = fields.String()
    child_name = fields.String()
    unit_id = fields.String()
    level = fields.Integer()
    status = fields.String()
    lacks_consent = fields.Boolean()
    created_at = fields.DateTime()


class ListQuery(Schema):
    status = fields.String(validate=validate.OneOf(["active", "passive"]))
    level = fields.Integer(validate=validate.OneOf([1, 2, 3]))
    after = fields.String(validate=validate.Length(min=1, max=64))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageQuery(Schema):
    after = fields.Integer(validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class LogOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    level = fields.Integer()
    status = fields.String()
    lacks_consent = fields.Boolean()
    consent_id = fields.String()
    created_at = fields.DateTime()
    child = fields.Nested(ChildOut)
    guardians = fields.List(fields.Nested(GuardianOut))
    earlier_log_ids = fields.List(fields.String(), metadata={"description": "R42 linked logs"})
    holder = fields.Dict(metadata={"description": "name of the holder"})
    your_roles = fields.List(fields.String())
    parts = fields.List(fields.String(), metadata={"description": "the parts you may see"})
    concerns = fields.List(fields.Nested(ConcernOut))
    measures = fields.List(fields.Nested(MeasureOut))
    meetings = fields.List(fields.Nested(MeetingOut))
    highlights = fields.List(fields.Nested(HighlightOut))
    notes = fields.List(fields.Nested(NoteOut))


# -- lists: {"items": [...], "next": the key to pass as ``after`` for the next page, or null}


class LogPage(Schema):
    items = fields.List(fields.Nested(LogSummaryOut))
    next = fields.String(allow_none=True)


class HistoryPage(Schema):
    items = fields.List(fields.Nested(HistoryEntryOut))
    next = fields.Integer(allow_none=True)


class ReadPage(Schema):
    items = fields.List(fields.Nested(ReadEntryOut))
    next = fields.Integer(allow_none=True)


class ActorList(Schema):
    items = fields.List(fields.Nested(ActorOut))


class GrantList(Schema):
    items = fields.List(fields.Nested(GrantOut))


class StaffList(Schema):
    items = fields.List(fields.Nested(StaffOut))


class TemplateList(Schema):
    items = fields.List(fields.Nested(TemplateOut))


class PrivateNoteList(Schema):
    items = fields.List(fields.Nested(PrivateNoteOut))


class MisregistrationOut(Schema):
    misregistered = fields.Nested(MeasureOut)
    replacement = fields.Nested(MeasureOut)


class MeetingModeOut(Schema):
    log_id = fields.String()
    started_at = fields.DateTime()
    ends_at = fields.DateTime()


class Done(Schema):
    """The answer of a removal or an end: what was removed or ended."""

    removed = fields.String()
    revoked = fields.String()
    retired = fields.String()
    ended = fields.Boolean()


class ChildrenOut(Schema):
    unit_id = fields.String()
    children = fields.Integer()


class LogCreatedV1(Schema):
    log_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    level = fields.Integer(required=True)
    consent_id = fields.String(required=True)


class LogEventV1(Schema):
    """Every plan event names its log and unit; the rest are ids and dates, never personal data."""

    log_id = fields.String(required=True)
    unit_id = fields.String(required=True)


class LogChangedV1(LogEventV1):
    """log.level_changed, log.closed, log.reactivated, log.holder_changed."""

    level = fields.Integer(required=True)
    status = fields.String(required=True)


class ConcernEventV1(LogEventV1):
    concern_id = fields.String(required=True)
    category = fields.String(required=True)


class MeasureEventV1(LogEventV1):
    concern_id = fields.String(required=True)
    measure_id = fields.String(required=True)
    arena = fields.String(required=True)
    deadline = fields.Date(required=True)


class MeasureEvaluatedV1(MeasureEventV1):
    verdict = fields.String(required=True)
    by_family = fields.Boolean(load_default=False)


class MeasureEvaluationDueV1(MeasureEventV1):
    """The actor's reminder a few days before the evaluation deadline (R60)."""

    days_left = fields.Integer(required=True)


class MeetingEventV1(LogEventV1):
    """meeting.planned and meeting.moved: notify asks logs.recipients for the participants."""

    meeting_id = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    previous_starts_at = fields.AwareDateTime(allow_none=True, load_default=None)


class HighlightPostedV1(LogEventV1):
    highlight_id = fields.String(required=True)


class NoteEventV1(LogEventV1):
    note_id = fields.String(required=True)


class HighlightEditedV1(HighlightPostedV1):
    pass


class LogPartEventV1(LogEventV1):
    """log.child_changed, log.guardian_changed (``ref_id`` the guardian's own id), log.linked
    (``ref_id`` the earlier log's id): what changed is read from the log, never carried."""

    ref_id = fields.String(required=True)


class AccessEventV1(LogEventV1):
    """actor.added, actor.removed, grant.given, grant.revoked: ``access_id`` is the row's own id,
    never a national id."""

    access_id = fields.String(required=True)


EVENT_SCHEMAS = {
    ("log.created", 1): LogCreatedV1,
    ("log.level_changed", 1): LogChangedV1,
    ("log.closed", 1): LogChangedV1,
    ("log.reactivated", 1): LogChangedV1,
    ("log.child_changed", 1): LogPartEventV1,
    ("log.guardian_changed", 1): LogPartEventV1,
    ("log.linked", 1): LogPartEventV1,
    ("concern.registered", 1): ConcernEventV1,
    ("concern.revised", 1): ConcernEventV1,
    ("concern.closed", 1): ConcernEventV1,
    ("measure.planned", 1): MeasureEventV1,
    ("measure.revised", 1): MeasureEventV1,
    ("measure.evaluated", 1): MeasureEvaluatedV1,
    ("measure.misregistered", 1): MeasureEventV1,
    ("measure.evaluation_due", 1): MeasureEvaluationDueV1,
    ("meeting.planned", 1): MeetingEventV1,
    ("meeting.moved", 1): MeetingEventV1,
    ("meeting.revised", 1): MeetingEventV1,
    ("meeting.minuted", 1): MeetingEventV1,
    ("note.written", 1): NoteEventV1,
    ("note.attachment_added", 1): NoteEventV1,
    ("highlight.posted", 1): HighlightPostedV1,
    ("highlight.edited", 1): HighlightEditedV1,
    ("actor.added", 1): AccessEventV1,
    ("actor.removed", 1): AccessEventV1,
    ("grant.given", 1): AccessEventV1,
    ("grant.revoked", 1): AccessEventV1,
}
