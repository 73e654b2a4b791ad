"""One module per subcommand group of the ``ecoparc`` command."""
