"""The `system` service: liveness as the API itself answers it."""

from simulator.api import Context, service

svc = service("system")


@svc.action("ping", returns="bool", ks="none")
def ping(ctx: Context) -> bool:
    """Answer true while the server and its database work."""
    ctx.conn.execute("SELECT 1").fetchone()
    return True


@svc.action("getTime", returns="int", ks="none")
def get_time(ctx: Context) -> int:
    """The server's (virtual) time, in epoch seconds."""
    return int(ctx.now())
