"""Entry point of the packaged application: the same `workbench` command as the source tree."""

import multiprocessing

from workbench.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a worker process started by the frozen app runs its task, not the app
    raise SystemExit(main())
