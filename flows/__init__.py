"""The Prefect flows and deployments of kcna-dataset (installed as `kcna_dataset.flows`).

An entry point: importing it sets the process's Prefect and allocator settings before either library
loads (kcna_dataset.orchestration.environment); `import kcna_dataset` alone never does.
"""

from kcna_dataset.orchestration import environment

environment.configure()
