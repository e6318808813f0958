"""The logs service's application functions: load, decide, save and emit in one transaction.

One module per aggregate of the plan; ``unit_of_change`` is the path every one of them takes.
"""

from .directory import (
    add_staff,
    change_staff,
    list_staff,
    list_templates,
    overview,
    remove_staff,
    retire_template,
    save_template,
    set_children,
)
from .family import (
    change_child,
    change_guardian,
    earlier_logs,
    get_preferences,
    link_earlier_log,
    set_preferences,
)
from .logs import (
    access_log,
    change_level,
    close_log,
    create_log,
    get_log,
    guardian_contacts,
    history,
    import_directory,
    my_actor_logs,
    my_logs,
    on_consent_event,
    reactivate_log,
    recipients,
    responsible_contacts,
    search_logs,
    staff_member,
    unit,
    unit_logs,
)
from .meetings import (
    end_meeting_mode,
    plan_meeting,
    record_minutes,
    revise_meeting,
    start_meeting_mode,
)
from .notes import (
    attach_to_note,
    edit_highlight,
    note_attachment,
    post_highlight,
    private_notes,
    write_note,
    write_private_note,
)
from .plan import (
    evaluate_measure,
    family_verdict,
    misregister_measure,
    plan_measure,
    register_concern,
    register_concern_from_template,
    remind_due_evaluations,
    revise_concern,
    revise_measure,
)
from .sharing import (
    add_actor,
    give_grant,
    list_actors,
    list_grants,
    remove_actor,
    revoke_grant,
)

__all__ = [name for name in dir() if not name.startswith("_")]
