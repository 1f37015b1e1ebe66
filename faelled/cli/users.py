"""`faelled users add|list|disable|enable|role|reset-password|token|tokens|revoke-token`.

The command line acts as the installation's operator (whoever can run it can read the database
file anyway); every change is audited under the operating-system user's name. Passwords are read
from a hidden prompt or, for scripts, from standard input — never from the command line, where
they would land in the shell's history and the process list."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import quote

import typer

from faelled.access.policy import Actor
from faelled.settings import get_settings

if TYPE_CHECKING:
    from faelled.engine import Database

group = typer.Typer(help="Brugere og roller / users and roles.", no_args_is_help=True)


def cli_actor() -> Actor:
    return Actor.system(f"cli:{getpass.getuser()}")


@contextmanager
def writable_database() -> Iterator[Database]:
    from faelled.engine import migrate, open_database  # imported late: the CLI starts fast

    with open_database(get_settings()) as db:
        migrate(db)
        yield db


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(
        typer.prompt("Adgangskode / password", hide_input=True, confirmation_prompt=True, err=True)
    )


PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Læs adgangskoden fra stdin / read the password from stdin."
)


@group.command()
def add(
    username: str = typer.Argument(..., help="Brugernavn / username."),
    role: str = typer.Option(
        ..., help="viewer, analyst, steward, admin (for a municipality) or operator."
    ),
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Kommune (navn eller kode) / municipality."
    ),
    name: str = typer.Option("", help="Fulde navn / display name."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Add a user."""
    from faelled.access.users import add_user

    password = _read_password(password_stdin)
    from faelled.remote import server_for  # imported late: the CLI starts fast

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it adds the user
        body = {"username": username, "role": role, "municipality": municipality}
        added = server.post("/api/v1/system/users", {**body, "name": name, "password": password})
        user_name, user_role, code = added["username"], added["role"], added["municipality"]
    else:
        with writable_database() as db:
            user = add_user(
                db,
                cli_actor(),
                username,
                role=role,
                municipality=municipality,
                password=password,
                display_name=name,
            )
        user_name, user_role, code = user.username, user.role, user.municipality
    typer.echo(f"Oprettet / added: {user_name} ({user_role}, {code or 'operator'})")


@group.command("list")
def list_(
    municipality: str = typer.Option(None, "--municipality", "-m", help="Kun én kommune."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """List users."""
    from faelled.access.users import list_users
    from faelled.reference import resolve
    from faelled.remote import server_for

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: ask it
        code = resolve(municipality) if municipality else None
        users = [u for u in server.get("/api/v1/system/users") if code in (None, u["municipality"])]
    else:
        with writable_database() as db:
            users = [u.public() for u in list_users(db, cli_actor(), municipality)]
    if as_json:
        typer.echo(json.dumps(users, ensure_ascii=False, indent=2))
        return
    for u in users:
        state = "disabled" if u["disabled"] else ("locked" if u["locked"] else "active")
        typer.echo(f"{u['username']}\t{u['role']}\t{u['municipality'] or 'operator'}\t{state}")


def _set_disabled(username: str, disabled: bool) -> None:
    from faelled.access.users import set_disabled
    from faelled.remote import server_for  # imported late: the CLI starts fast

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it makes the change
        server.post(f"/api/v1/system/users/{quote(username)}/disabled", {"disabled": disabled})
        return
    with writable_database() as db:
        set_disabled(db, cli_actor(), username, disabled)


@group.command()
def disable(username: str = typer.Argument(...)) -> None:
    """Disable a user (and end their sessions); their tokens stop working."""
    _set_disabled(username, True)
    typer.echo(f"Deaktiveret / disabled: {username}")


@group.command()
def enable(username: str = typer.Argument(...)) -> None:
    """Enable a disabled user again."""
    _set_disabled(username, False)
    typer.echo(f"Aktiveret / enabled: {username}")


@group.command()
def role(username: str = typer.Argument(...), new_role: str = typer.Argument(...)) -> None:
    """Change a user's role."""
    from faelled.access.users import set_role
    from faelled.remote import server_for

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it makes the change
        changed = server.post(f"/api/v1/system/users/{quote(username)}/role", {"role": new_role})
        typer.echo(f"{changed['username']}: {changed['role']}")
        return
    with writable_database() as db:
        user = set_role(db, cli_actor(), username, new_role)
    typer.echo(f"{user.username}: {user.role}")


@group.command("reset-password")
def reset_password(
    username: str = typer.Argument(...), password_stdin: bool = PASSWORD_STDIN
) -> None:
    """Set a new password; lifts a lockout and ends the user's sessions."""
    from faelled.access.users import reset_password as reset

    password = _read_password(password_stdin)
    from faelled.remote import server_for  # imported late: the CLI starts fast

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it sets the password
        server.post(f"/api/v1/system/users/{quote(username)}/password", {"password": password})
    else:
        with writable_database() as db:
            reset(db, cli_actor(), username, password)
    typer.echo(f"Ny adgangskode sat / password reset: {username}")


@group.command()
def token(
    username: str = typer.Argument(...),
    scope: list[str] = typer.Option(["read"], help="read, export, write, admin (repeat)."),
    days: int = typer.Option(90, help="Gyldig i dage / valid for days."),
    label: str = typer.Option("", help="Hvad tokenet bruges til / what it is for."),
) -> None:
    """Issue an API token. It is shown once, here: store it like a password."""
    from faelled.access.sessions import issue_token
    from faelled.remote import server_for

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it issues the token
        body = {"scopes": scope, "days": days, "label": label}
        issued = server.post(f"/api/v1/system/users/{quote(username)}/tokens", body)
        secret, token_id = issued["secret"], issued["token_id"]
        scopes, expires = issued["scopes"], issued["expires_at"][:10]
    else:
        with writable_database() as db:
            secret, info = issue_token(
                db, cli_actor(), username, scopes=scope, days=days, label=label
            )
        token_id, scopes, expires = info.token_id, list(info.scopes), f"{info.expires_at:%Y-%m-%d}"
    typer.echo(secret)
    typer.echo(
        f"Token {token_id} ({','.join(scopes)}) udløber / expires "
        f"{expires}. Vises kun én gang / shown only once.",
        err=True,
    )


@group.command()
def tokens(username: str = typer.Argument(...)) -> None:
    """List a user's API tokens (never their secrets)."""
    from faelled.access.sessions import list_tokens
    from faelled.remote import server_for

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: ask it
        infos = server.get(f"/api/v1/system/users/{quote(username)}/tokens")
    else:
        with writable_database() as db:
            infos = [t.public() for t in list_tokens(db, cli_actor(), username)]
    for t in infos:
        state = "revoked" if t["revoked"] else f"expires {t['expires_at'][:10]}"
        typer.echo(f"{t['token_id']}\t{','.join(t['scopes'])}\t{state}\t{t['label']}")


@group.command("revoke-token")
def revoke(token_id: str = typer.Argument(...)) -> None:
    """Revoke an API token."""
    from faelled.access.sessions import revoke_token
    from faelled.remote import server_for

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it revokes the token
        server.post(f"/api/v1/system/tokens/{quote(token_id)}/revoke", {})
    else:
        with writable_database() as db:
            revoke_token(db, cli_actor(), token_id)
    typer.echo(f"Tilbagekaldt / revoked: {token_id}")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="users")
