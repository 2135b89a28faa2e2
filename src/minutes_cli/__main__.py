"""`python -m minutes_cli` runs the `minutes` command."""
from .cli import main

if __name__ == "__main__":
    main()
