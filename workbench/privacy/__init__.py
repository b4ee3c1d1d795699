"""Privacy and safekeeping: subject access, erasure that sticks, suppression on re-import,
retention, backups and restore. Qt-free; the command line and the window call the same functions."""
