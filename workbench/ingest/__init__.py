"""Getting customer files into the master: readers, header detection, mapping, loading."""
