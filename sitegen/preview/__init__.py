"""The live preview: the command, its state in memory, the web server and the file watcher."""
