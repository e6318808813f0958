from services.archive.store.tables import Base
from services.common.messaging import metadata as messaging
from services.common.migrate import run_env

run_env([Base.metadata, messaging])
