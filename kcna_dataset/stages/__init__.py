"""The pipeline's stages as plain functions, frames in and frames out: extract -> parse -> validate -> enrich
(and batch, which runs them over one batch of raw files). They know nothing of Prefect."""
