"""The smallest typer application worth the name: the floor for lawkb's start-up (typer's defaults, two commands)."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str = typer.Option("world", help="Whom to greet.")) -> None:
    """Print a greeting."""
    print(f"hello {name}")


@app.command()
def other() -> None:
    """A second command, so that the app has subcommands as lawkb does."""


if __name__ == "__main__":
    app()
