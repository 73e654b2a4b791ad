"""The emission-factor library of ecoparc.

Imports nothing heavy on purpose: pick the module you need.

- ``factors.vocabulary`` — categories, criteria, phases and lifecycle words;
- ``factors.factor_set`` — the ``FactorSet`` and its column lists;
- ``factors.builtin`` — ``load_builtin()``, the set shipped as package data;
- ``factors.loader`` — reading/writing sets in the ecoparc format (folder or xlsx);
- ``factors.boavizta`` — importing Boavizta environmental-footprint-data CSVs;
- ``factors.matching`` — matching devices to references (``match_devices``).
"""
