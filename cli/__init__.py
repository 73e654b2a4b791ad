"""The ``ecoparc`` command line: one module per subcommand group (argument parsing, output)."""
