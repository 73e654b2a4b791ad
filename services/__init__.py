"""The use cases of ecoparc, once, for every face (command line, terminal UI, tests).

Each module is one family of use cases: :mod:`.inventory` (find, list, edit,
transfer, split), :mod:`.imports`, :mod:`.footprint`, :mod:`.scenarios`,
:mod:`.reuse`, :mod:`.reports`, :mod:`.entities` and :mod:`.factor_sets`. A
function takes plain arguments and a :class:`~services.uow.UnitOfWork`, returns
plain data (dataclasses, frames) and raises :class:`~services.errors.ServiceError`
with a French message that names no interface. The faces (``cli``, ``tui``)
parse, lay out and print; they never orchestrate. This package never imports
``cli``, ``tui``, ``click`` or ``textual`` (import-linter contract; see
docs/architecture.md).
"""
