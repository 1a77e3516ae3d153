"""Which client a join attempt comes from: the key that join limits count by.

* An IPv4 address is its own key; an IPv6 address counts by its /64 prefix, because one
  home or phone connection gets a whole /64 and can pick any address in it.
* ``X-Forwarded-For`` is trusted **only** when the connection comes from a configured
  trusted proxy (``LADDER_TRUSTED_PROXIES``, comma-separated addresses or networks such as
  ``127.0.0.1,::1`` for a reverse proxy on the same host, or ``10.0.0.0/8``). It is off by
  default: without it, anyone could invent a new address per request and get a fresh
  allowance of guesses. With it, the client is the right-most address in the header
  that is not itself a trusted proxy.
* Streamlit reports no address (``None``) for connections from the same machine, so
  ``None`` means loopback: behind a reverse proxy on the same host, list ``127.0.0.1,::1``
  as trusted, or every participant counts as the one client "the proxy".
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Sequence

TRUSTED_PROXIES_ENV_VAR = "LADDER_TRUSTED_PROXIES"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(entries: Iterable[str] | str) -> tuple[Network, ...]:
    """Addresses or networks (``"127.0.0.1, ::1, 10.0.0.0/8"``) as networks.

    Raises
    ------
    ValueError
        An entry is not an address or network; the message names it.
    """
    items = entries.split(",") if isinstance(entries, str) else list(entries)
    networks: list[Network] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"{TRUSTED_PROXIES_ENV_VAR}: {item!r} is not an IP address or network "
                "(e.g. 127.0.0.1, ::1 or 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def trusted_proxies_from_env() -> tuple[Network, ...]:
    """``$LADDER_TRUSTED_PROXIES`` parsed (empty when unset: no proxy is trusted)."""
    return parse_trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV_VAR, ""))


def _address(text: str | None) -> Address | None:
    if text is None:
        return None
    candidate = text.strip().strip("[]")
    if "%" in candidate:  # an IPv6 zone (fe80::1%eth0)
        candidate = candidate.split("%", 1)[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_key(
    peer_address: str | None,
    forwarded_for: str | None = None,
    trusted_proxies: Sequence[Network | str] | None = None,
) -> str:
    """The key join limits count a client by.

    Parameters
    ----------
    peer_address
        The address the connection comes from (``st.context.ip_address``; ``None`` means
        the same machine).
    forwarded_for
        The ``X-Forwarded-For`` header, if any (``st.context.headers.get(...)``); used only
        when ``peer_address`` is a trusted proxy.
    trusted_proxies
        Addresses or networks (objects or text) whose ``X-Forwarded-For`` is believed (default: ``$LADDER_TRUSTED_PROXIES``,
        empty when unset).

    >>> client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    True
    >>> client_key(None, "203.0.113.5", parse_trusted_proxies("127.0.0.1,::1"))
    'ip:203.0.113.5'
    >>> client_key(None, "203.0.113.5")  # no proxy trusted: the header is ignored
    'ip:127.0.0.1'
    """
    trusted = (
        trusted_proxies_from_env()
        if trusted_proxies is None
        else parse_trusted_proxies(str(t) for t in trusted_proxies)
    )
    peer = _address(peer_address) if peer_address else ipaddress.ip_address("127.0.0.1")
    if peer is None:
        return normalise_client_key(str(peer_address))
    client = peer
    if forwarded_for and _is_trusted(peer, trusted):
        hops = [_address(part) for part in forwarded_for.split(",")]
        for hop in reversed(hops):
            if hop is None:
                break  # an unreadable hop: trust nothing before it
            client = hop
            if not _is_trusted(hop, trusted):
                break
    return _key_of(client)


def _key_of(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return f"ip6:{ipaddress.IPv6Network((address, 64), strict=False)}"
    return f"ip:{address}"


def normalise_client_key(raw: str) -> str:
    """A client key as given to ``join``: an IP address becomes its key (IPv6 by /64);
    keys already made by :func:`client_key`, and other text, are kept as they are."""
    if raw.startswith(("ip:", "ip6:")):
        return raw
    address = _address(raw)
    return _key_of(address) if address is not None else raw
