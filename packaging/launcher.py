"""Entry point of the packaged application: the same `workbench` command as the source tree."""

from workbench.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
