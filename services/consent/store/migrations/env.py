from services.common.messaging import metadata as messaging
from services.common.migrate import run_env
from services.consent.store.tables import Base

run_env([Base.metadata, messaging])
