"""The output folder: Delta writes, dataset versions and their manifest, the raw-file ledger and build
planning, the output lock, reading tables back, and roll-back of interrupted builds."""
