"""`python -m studycards` runs the command line."""

from studycards.cli import main

if __name__ == "__main__":
    main()
