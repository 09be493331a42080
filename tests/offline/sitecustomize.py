"""Loaded by Python at start-up when this folder is on PYTHONPATH (tests only).

Refuses every network connection except to this machine (the notebook kernel talks to its
client over loopback), so a test proves that code run in a subprocess never reaches the network.
"""

import socket

_LOCAL = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0"}
_connect = socket.socket.connect
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOCAL:
        raise OSError(f"network disabled for tests: connection to {host} refused")
    return _connect(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        raise socket.gaierror(f"network disabled for tests: no lookup of {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.getaddrinfo = _guarded_getaddrinfo
