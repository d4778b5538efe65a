"""lawkb: Korean law on digital sex crimes as a checked, dated knowledge base with a command-line tool."""
