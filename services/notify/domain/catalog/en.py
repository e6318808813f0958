"""English: what notify writes (R20: to the reader, short, active verbs)."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MOMENT = "{weekday} {day} {month} at {hour:02d}:{minute:02d}"
DAY = "{day} {month} {year}"
FALLBACKS = {"place": "see the log"}

MESSAGES = {
    "log.created": {
        "subject": "We have started a relay log for your child",
        "mail": "Hello {name},\n\n"
        "{unit} has started a relay log (stafettlogg) for your child. In the log you see "
        "what we are concerned about, which measures we are trying and how it is going.\n\n"
        "You can read the whole log at any time. Log in with ID-porten here:\n"
        "{url}\n\n"
        "If you have questions, contact the log holder at {unit}.\n\n"
        "Kind regards, {unit}\n",
        "sms": "{unit} has started a relay log for your child. "
        "Log in with ID-porten and read the log here: {url}",
    },
    "consent.requested": {
        "subject": "We ask for your consent to a relay log",
        "mail": "Hello {name},\n\n"
        "{unit} asks for your consent to keep a relay log (stafettlogg) for your child. "
        "Read what the consent covers, and sign if you agree. Log in with ID-porten here:\n"
        "{url}\n\n"
        "You can withdraw the consent at any time.\n\n"
        "Kind regards, {unit}\n",
        "sms": "{unit} asks for your consent to a relay log for your child. "
        "Read what the consent covers, and sign here: {url}",
    },
    "consent.expiring": {
        "subject": "The consent to a relay log expires in {days} days",
        "mail": "Hello {name},\n\n"
        "The consent to a relay log at {unit} expires on {expires}. Ask the family for a new "
        "consent before then, or the log will be locked for changes.\n\n"
        "See the consent here:\n{url}\n",
        "sms": "The consent to a relay log at {unit} expires on {expires}. "
        "Ask the family for a new consent before then: {url}",
    },
    "consent.expired": {
        "subject": "The consent to a relay log has expired",
        "mail": "Hello {name},\n\n"
        "The consent to a relay log at {unit} expired on {expires}. You can now only read "
        "the log, and sharing outside the unit has stopped until the family gives a new "
        "consent.\n\n"
        "See the consent here:\n{url}\n",
        "sms": "The consent to a relay log at {unit} expired on {expires}. "
        "You can now only read the log: {url}",
    },
    "consent.withdrawn": {
        "subject": "The family has withdrawn the consent to a relay log",
        "mail": "Hello {name},\n\n"
        "The family has withdrawn the consent to a relay log at {unit}. The log is now "
        "passive, and you can only read it.\n\n"
        "See the consent here:\n{url}\n",
        "sms": "The family has withdrawn the consent to a relay log at {unit}. "
        "You can now only read the log: {url}",
    },
    "meeting.planned": {
        "subject": "Relay log meeting on {when}",
        "mail": "Hello {name},\n\n"
        "{unit} invites you to a meeting about the relay log.\n\n"
        "Time: {when}\nPlace: {place}\n\n"
        "See what we will talk about, and tell the log holder if you cannot come:\n"
        "{url}\n\n"
        "Kind regards, {unit}\n",
        "sms": "{unit} invites you to a relay log meeting on {when}. Place: {place}. "
        "More here: {url}",
    },
    "meeting.moved": {
        "subject": "We have moved the relay log meeting to {when}",
        "mail": "Hello {name},\n\n"
        "{unit} has moved the meeting about the relay log.\n\n"
        "New time: {when}\nPlace: {place}\n\n"
        "Tell the log holder if you cannot come. See the meeting here:\n"
        "{url}\n\n"
        "Kind regards, {unit}\n",
        "sms": "{unit} has moved the relay log meeting to {when}. Place: {place}. More here: {url}",
    },
    "measure.evaluation_due": {
        "subject": "Evaluate your measure by {deadline}",
        "mail": "Hello {name},\n\n"
        "You are responsible for a measure in the relay log at {unit}. Evaluate the measure "
        "by {deadline}: think about whether it has worked, and give your answer by then. "
        "See the measure here:\n"
        "{url}\n\n"
        "Kind regards, {unit}\n",
        "sms": "Evaluate the measure you are responsible for in the relay log at {unit} "
        "by {deadline}. See the measure here: {url}",
    },
    "highlight.posted": {
        "subject": "A new highlight in the relay log",
        "mail": "Hello {name},\n\n"
        "Someone has posted a new highlight in the relay log at {unit}. A highlight is "
        "something that went well. Read it here:\n"
        "{url}\n\n"
        "Kind regards, {unit}\n",
        "sms": "Someone has posted a new highlight in the relay log at {unit}. Read it here: {url}",
    },
}
