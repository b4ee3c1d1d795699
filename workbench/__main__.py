from workbench.cli import main

# Guarded: worker processes of an import load this module under another name and must not run the CLI.
if __name__ == "__main__":
    raise SystemExit(main())
