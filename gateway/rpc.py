"""One pooled set of nameko cluster proxies for the whole gateway process.

Each proxy holds one AMQP connection and reply queue; a request borrows one,
so no request opens a connection of its own. A call that gets no answer within
the timeout, or names a service that is not running, raises ``Unavailable``.
"""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import contextmanager

from kombu.exceptions import KombuError
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.rpc import ServiceProxy
from nameko.standalone.rpc import ClusterProxy, ClusterRpcProxy

from services.common.errors import DomainError, Unavailable

log = logging.getLogger(__name__)


class _ExpiringClusterProxy(ClusterProxy):
    def __init__(self, worker_ctx, reply_listener, expiration: float):
        super().__init__(worker_ctx, reply_listener)
        # Seconds: nameko hands it to kombu, which takes seconds (nameko's docstring says
        # milliseconds, which would make it 1000 times too long).
        self._expiration = expiration

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._proxies:
            self._proxies[name] = ServiceProxy(
                self._worker_ctx, name, self._reply_listener, expiration=self._expiration
            )
        return self._proxies[name]


class ExpiringClusterRpcProxy(ClusterRpcProxy):
    """A cluster proxy whose requests expire in the queue when the caller stops waiting.

    Without it, a request the gateway has already answered with 503 would wait in a
    stopped service's queue and run when the service comes back: a POST the person
    retried would then apply twice.
    """

    def __init__(self, config: dict, *, timeout: float):
        super().__init__(config, timeout=timeout)
        self._proxy = _ExpiringClusterProxy(self._worker_ctx, self._reply_listener, timeout)


class RpcPool:
    def __init__(self, amqp_uri: str, *, size: int = 8, timeout: float = 5.0):
        self.config = {"AMQP_URI": amqp_uri, "serializer": "json"}
        self.timeout = timeout
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._all: list = []

    def _new(self, timeout: float):
        holder = ExpiringClusterRpcProxy(self.config, timeout=timeout)
        proxy = holder.start()
        with self._lock:
            self._all.append(holder)
        return holder, proxy

    def _discard(self, entry) -> None:
        holder, _ = entry
        with self._lock:
            if holder in self._all:
                self._all.remove(holder)
        try:
            holder.stop()
        except Exception:  # a broken connection may fail to close; it is gone either way
            log.debug("closing a broken rpc proxy failed", exc_info=True)

    @contextmanager
    def _borrow(self):
        if not self._slots.acquire(timeout=self.timeout):
            raise Unavailable("gateway.busy", "every connection to the services is in use")
        entry = None
        try:
            try:
                entry = self._idle.get_nowait()
            except queue.Empty:
                entry = self._new(self.timeout)
            yield entry[1]
        except (DomainError, RpcTimeout, UnknownService):
            if entry is not None:
                self._idle.put(entry)
            entry = None
            raise
        except Exception:
            if entry is not None:
                self._discard(entry)
            entry = None
            raise
        else:
            self._idle.put(entry)
        finally:
            self._slots.release()

    def call(self, service: str, method: str, *args):
        try:
            with self._borrow() as proxy:
                return getattr(getattr(proxy, service), method)(*args)
        except RpcTimeout as exc:
            raise Unavailable(
                "service.unavailable", f"{service} did not answer in time", field=service
            ) from exc
        except UnknownService as exc:
            raise Unavailable(
                "service.unavailable", f"{service} is not running", field=service
            ) from exc
        except (OSError, KombuError) as exc:
            raise Unavailable("broker.unavailable", "the message broker cannot be reached") from exc

    def close(self) -> None:
        with self._lock:
            holders, self._all = self._all, []
        for holder in holders:
            try:
                holder.stop()
            except Exception:
                log.debug("closing an rpc proxy failed", exc_info=True)
